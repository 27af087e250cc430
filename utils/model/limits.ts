/**
 * The bounds that make a hostile set harmless, in a module of their own so
 * that parts which only check sizes (the message protocol, the options page)
 * need not load the schema library.
 */
/** A set file, in bytes: larger files are refused before they are read. */
export const SET_FILE_BYTES = 5 * 1024 * 1024;

export const LIMITS = {
  fileBytes: SET_FILE_BYTES,
  entities: 2_000,
  aliasesPerEntity: 50,
  phrasesPerRule: 50,
  factsPerEntity: 50,
  sourcesPerEntity: 50,
  sourcesPerFact: 10,
  idLength: 64,
  shortText: 200,
  summary: 1_000,
  factText: 1_000,
  description: 2_000,
  url: 2_000,
  updateIntervalHours: { min: 1, max: 720 },
} as const;

/** A size in bytes as a reader reads it, "5.0 MB", for messages about the set-file limit. */
export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
