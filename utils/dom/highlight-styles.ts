/**
 * How marks look, chosen on the options page. Every mark is registered under
 * `backstory` (which has no look of its own) and under `backstory-<style>`,
 * which public/highlights.css styles; the pointed-at mark is `backstory-active`.
 */
export const HIGHLIGHT_STYLES = ['underline', 'dotted', 'tint', 'hover'] as const;
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];
export const DEFAULT_HIGHLIGHT_STYLE: HighlightStyle = 'underline';

export function isHighlightStyle(value: unknown): value is HighlightStyle {
  return (HIGHLIGHT_STYLES as readonly unknown[]).includes(value);
}
