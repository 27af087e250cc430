/**
 * Common English words, lower-case: an alias that is one of these and ignores
 * case would mark ordinary text (`ice`, `will`, `press`). Used only to warn
 * set authors (`npm run validate-set`); it blocks nothing.
 *
 * The most frequent words of written English (function words, then frequent
 * nouns, verbs and adjectives), and ordinary words that are also names
 * (`Will`, `May`, `Bush`, `Price`), which is where the mistakes happen.
 */
export const COMMON_ENGLISH_WORDS: ReadonlySet<string> = new Set(
  `
a about above across act after again against age ago agree air all almost alone along already also although always am
among an and animal another answer any appear are area arm around art as ask at away back bad ball bank base be bear
beat beauty became because become bed been before began begin behind being bell below best better between big bill bird
black blue board boat body book both box boy bring brown build building burn business but buy by call came can car card
care carry case cat catch cause center certain chair change check child children choose church circle city class clear
close cold color come common company complete could country course cover cross cry cut dark day dead deal dear death
decide deep did die different direct do doctor does dog dollar done door double down draw dream dress drink drive drop
dry during each early earth east eat edge effect egg eight either else end energy enough even evening event ever every
example eye face fact fair faith fall family far farm fast father fear feel feet few field fight figure fill final find
fine fire first fish five floor fly follow food foot for force form found four free friend from front full game garden
gave general get girl give glass go gold good got grace grand great green ground group grow guard gun had hair half hall
hand happen happy hard has have he head hear heard heart heat heavy help her here high him his history hit hold hole home
hope horse hot hour house how human hundred ice idea if in inch include iron is island it its job join joy just keep key
kill kind king knew know land language large last late law lay lead learn least leave left less let letter level lie life
light like line list listen little live long look lost lot love low machine made main major make man many mark market may
me mean measure meet member men middle might mile milk million mind minute miss money month moon more morning most mother
mountain move much music must my name nation near need never new news next night nine no noon north not note nothing
notice now number object of off offer office often oil old on once one only open or order other our out over own page
paint pair paper park part party pass past pattern pay people perhaps person pick picture piece place plain plan plane
plant play please point police poor port position post pound power press price problem produce public pull push put
question quick rain raise ran reach read ready real reason record red remember report rest rich ride right ring rise river
road rock room rose round row rule run said sail same save saw say school science sea season seat second see seem self
sell send sense sent serve set seven several shall shape she ship shore short should show side sign simple since sing
sit six size sky sleep small snow so soft soil some son song soon sound south space speak special spring square stand
star start state station stay step still stone stop store story street strong study such summer sun sure surface
system table take talk tall teach team tell ten test than that the their them then there these they thing think third
this those though thought thousand three through time times to today together told too took top total touch toward town
trade train travel tree true try turn two under unit until up upon us use usual valley very visit voice wait walk wall
want war warm was watch water wave way we wear weather week weight well went were west what wheel when where which while
white who whole why wide wife wild will win wind window winter wish with without woman wonder wood word work world would
write year yes yet you young your
`
    .split(/\s+/)
    .filter(Boolean),
);
