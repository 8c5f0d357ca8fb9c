"""Word tables of English PHI detection: cue words, credentials, months, places, facility words.

Shared by the pattern builder (``en_patterns``) and the recognizers (``phi_en``, ``en_names_caps``,
``en_places_caps``). Longer lists live in ``resources/`` (see its README).
"""

from __future__ import annotations

import re

from medcorpus.transforms.deid import en_lexicon

UP, LO = en_lexicon.UP, en_lexicon.LO

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
# the weekday forms that are no other word ("sat", "sun", "wed", "mon" are): a date on their own (phi_en)
LONE_WEEKDAYS = (*WEEKDAYS[:7], "tues", "thurs", "weds", "fri")

# Clinician credentials: a name directly before one of these is a person; never part of the span.
CREDENTIALS = (
    "M\\.D\\.", "MD", "D\\.O\\.", "DO", "R\\.N\\.", "RN", "NP", "PA-C", "PA", "FNP-C", "FNP-BC", "FNP",
    "ANP-BC", "ANP", "ACNP-BC", "ACNP", "AGNP-C", "AGNP", "AGACNP", "PMHNP", "DNP", "CNM", "CRNA", "CNS", "APRN",
    "LPN", "LVN", "CNA", "MSW", "LCSW", "LICSW", "LMSW", "Ph\\.D\\.", "PhD", "PharmD", "Pharm\\.D\\.", "RPh",
    "DDS", "DMD", "DPM", "DPT", "OTR/L", "OTR", "CCC-SLP", "SLP", "RD", "RDN", "RRT", "MBBS", "MBChB", "FRCPC",
    "FRCP", "FRCS", "FACP", "FACS", "FACC", "FACEP", "FAAP", "MPH", "MSN", "BSN", "CDE", "CCRN", "EMT-P",
    "EMT", "PGY-\\d",
)

# Field labels followed by a colon and a person's name ("Patient: ...", "Attending Surgeon: ...").
LABEL_CUES = (
    "patient name", "patient", "pt name", "pt", "name", "re", "attending physician", "attending surgeon",
    "attending", "surgeon", "assistant surgeon", "assistant", "anesthesiologist", "referring physician",
    "referring provider", "referring", "referral source", "ordering physician", "ordering provider",
    "ordering", "provider", "pcp", "primary care provider", "primary care physician", "primary physician",
    "physician", "resident", "fellow", "intern", "radiologist", "pathologist", "consultant", "consulting physician",
    "guarantor", "next of kin", "nok", "emergency contact", "contact person", "spouse", "prescriber",
    "prescribing physician", "pharmacist", "author", "nurse", "case manager", "social worker", "interpreter",
    "caregiver", "guardian", "hcp", "poa", "health care proxy", "healthcare proxy", "proxy", "surrogate",
    "subscriber", "insured", "policy holder", "policyholder", "parent", "first assist", "first assistant",
    "assistants", "assistant(s)", "scrub", "circulator", "anesthetist", "caller", "contact", "witness",
    "mother", "father", "husband", "wife", "son", "daughter",
    # forms, bookings and letters outside the clinic
    "full name", "passenger", "traveler", "traveller", "ship to", "deliver to", "manager", "employee", "applicant",
    "driver", "other driver", "customer", "client", "account holder", "cardholder", "card holder", "beneficiary",
    "tenant", "claimant", "student", "on call", "on-call",
    # sign-out lists and study logs: "Attg: Okonkwo", "Incoming: Asante", "PI: Hyun-ah Booker", "Charge RN: ..."
    "attg", "attnd", "incoming", "outgoing", "pi", "principal investigator", "charge rn", "charge nurse",
)
# Cues without a colon that are followed by a person as reliably as a label ("Dictated by ...").
BY_CUES = (
    "dictated by", "transcribed by", "signed by", "electronically signed by", "authenticated by", "documented by",
    "reviewed by", "reconciled by", "registered by", "entered by", "verified by", "performed by", "ordered by",
    "interpreted by", "read by", "cosigned by", "co-signed by", "approved by", "prepared by", "attested by",
    "requested by", "referred by", "communicated to", "routed to", "returned call to", "call to", "message for",
    "message with", "request of", "pcp", "dear", "printed by", "signed out by", "electronically signed out by",
    "scribed by", "assisted by",
)
# A greeting or thanks that opens a sentence names whom it speaks to ("Hi Megan,"; not "Alder Hey").
GREETING_CUES = ("hi", "hello", "hey", "yo", "hiya", "thanks", "thx", "cheers", "thank you", "good morning", "good afternoon",
                 "good evening")
# Cues after which the next word is a surname, whatever else it is ("Her maiden name is Banks").
SURNAME_CUES = ("last name", "surname", "maiden name", "family name", "last name is", "surname is",
                "maiden name is", "family name is", "last name was", "surname was", "maiden name was",
                "family name was")
# Weaker cues ("seen by", "discussed with"): the name needs name-list evidence.
VERB_CUES = (
    "seen by", "evaluated by", "examined by", "accompanied by", "followed by", "managed by", "called by",
    "covered by", "discussed with", "spoke with", "spoke to", "talked with", "talked to", "d/w", "follow up with",
    "follow-up with", "followup with", "follows with", "f/u with", "consulted", "paged", "called", "care of",
    "c/o", "signed out to", "handed off to", "thank you,", "sincerely,", "regards,", "per", "signed", "to:",
    "from:", "copy to", "cc", "met with", "scheduled with", "appointment with", "appt with", "f/u w/",
    "follow up w/", "visit with", "called to", "reported to", "relayed to", "given to",
    "reported by", "witnessed by", "found by", "handoff to", "handover to", "hca", "nurse", "charge nurse",
    "baby boy", "baby girl", "agent",
    "sent to", "notified", "informed", "contact", "issued to", "payable to", "made out to", "addressed to",
    "navigator", "admissions coordinator", "office manager",
    "name is", "named", "goes by",  # a person naming someone: "my name is Tom Baker"
    # or saying what they are called ("known as" is not one: "known as Navajo neurohepatopathy")
    "call me", "nicknamed", "prefers to be called", "likes to be called",
)
RELATIONS = (
    "son", "daughter", "wife", "husband", "spouse", "partner", "mother", "father", "mom", "dad", "brother",
    "sister", "sibling", "aunt", "uncle", "niece", "nephew", "cousin", "grandson", "granddaughter",
    "grandmother", "grandfather", "grandma", "grandpa", "grandchild", "friend", "neighbor", "neighbour",
    "caregiver", "guardian", "fiance", "fiancee", "fianc\u00e9e", "boyfriend", "girlfriend", "roommate",
    "stepson", "stepdaughter", "stepmother", "stepfather", "son-in-law", "daughter-in-law", "sister-in-law",
    "brother-in-law", "mother-in-law", "father-in-law", "hcp", "poa", "proxy", "landlord", "coworker",
    "co-worker", "sponsor", "godmother", "godfather", "kid", "kids", "grandkid", "grandkids",
    # plurals and nursing shorthand and misspellings ("dtrs sarah and margie", "neice called")
    "sons", "daughters", "sisters", "brothers", "grandchildren", "dtr", "dtrs", "neice", "grandaughter",
    "hsb", "hsbnd", "sis", "gdtr", "gdau", "gson", "carer", "carers",
)

# Name particles ("de la Cruz", "van der Berg"): lower-case or common words that belong to the name.
PARTICLES = frozenset("van von de da del della der den di du la le dos das bin ibn al el".split())

# Function words: never part of a name, even after a title.
FUNCTION_WORDS = frozenset("""
the a an this that these those his her their our your my he she they we it its and or but nor in on at to
from for with by of as if is was are were be been per no not yes none all any each every other today tomorrow
yesterday tonight now then here there mr mrs ms miss dr prof md do rn np pa re cc sir madam mam
""".split())
# Capitalised words that are not names after a weaker cue (labels, verbs, relations, credentials).
STOP_WORDS = FUNCTION_WORDS | frozenset("""
patient patients pt pts family team staff service services department dept hospital clinic center centre
office unit floor ward room colleague colleagues doctor doctors physician physicians nurse nurses nursing
provider providers attending resident fellow intern note notes report date time name phone fax email address
mrn dob age sex gender male female man woman boy girl infant baby child emergency medicine medical surgery
surgical cardiology neurology oncology radiology pathology psychiatry pediatrics orthopedics urology
nephrology pulmonology gastroenterology gi dermatology endocrinology hematology rheumatology ophthalmology ent
obstetrics gynecology ob gyn icu micu sicu ccu ed er pacu or nicu picu pcp hospitalist hospitalists internal
general primary care social work pharmacy lab labs laboratory imaging physical therapy occupational speech
case management admission discharge history exam examination assessment plan impression findings diagnosis
procedure procedures medications medication allergies review systems vitals vital signs chief complaint hpi
ros pmh psh fh sh course follow up followup signed dictated transcribed electronically authenticated
reviewed seen sincerely thanks thank regards respectfully best warm kind yours truly unknown n/a
applicable self home alone same results result labs symptoms pain french fr grade class stage type score
scale level
""".split()) | frozenset(RELATIONS)

# Eponyms and medical terms that are also surnames or first names: resources/en_eponyms.txt.
EPONYMS = en_lexicon.read_words("en_eponyms.txt")

URL_TLDS = ("com", "org", "net", "edu", "gov", "io", "us", "info", "health", "care", "biz", "co")
BARE_DOMAIN_TLDS = ("com", "org", "net", "io", "us", "info", "biz")  # a domain without a path or www.
# Sites where each user gets a subdomain of their own ("kelsey78.tumblr.com", "smithfamily.blogspot.com")
USER_SUBDOMAIN_HOSTS = frozenset("tumblr blogspot wordpress wixsite weebly substack livejournal typepad".split())

# US states: the state stays unlabelled, but it anchors "City, ST ZIP" and must not be taken for a city.
STATE_ABBR = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI"
).split()
# Other territories and the military "states" (APO AE 09012): words in notes ("AS NEEDED", "AP view"),
# so taken as states only before a ZIP.
ZIP_ONLY_STATE_ABBR = "AS MP FM MH PW AA AE AP".split()
STATE_ABBR_SET = frozenset(STATE_ABBR + ZIP_ONLY_STATE_ABBR)
CA_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT".split()  # Canada Post's abbreviations
AU_STATES = "NSW VIC QLD WA SA TAS ACT NT".split()
STATE_NAMES = "|".join(en_lexicon.read_lines("en_us_states.txt"))

# Largest US cities and well-known towns (resources/en_us_cities.txt). Matched on their own only after
# place cues ("lives in", "from"), because many double as surnames or street names.
US_CITIES = en_lexicon.read_lines("en_us_cities.txt")

# Places that are not PHI (countries, regions: larger than a state) or not places at all; they are
# neither cities after "moved from"/"born in" nor name evidence.
NOT_CITIES = en_lexicon.read_words("en_not_cities.txt")

# Words of place names ("Charles River", "Hong Kong", "New York"): not evidence for a first+last pair.
GEO_WORDS = frozenset("""
river lake mount mt city county valley bay island isle park beach north south east west new port fort
saint san santa los las hong kong york jersey falls springs heights hills harbor harbour creek rock
""".split())

# Street suffixes (full and abbreviated) for address lines.
STREET_SUFFIX = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Cir|Way|Place|Pl|"
    "Terrace|Ter|Parkway|Pkwy|Pike|Highway|Hwy|Trail|Trl|Run|Square|Sq|Loop|Path|Row|Alley|Crossing|Xing|"
    "Plaza|Ridge|Pass|Point|Pt|Commons|Cove|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Route|Rte|Walk|"
    "Heights|Hts|Hill|Grove|Park|Green|Close|Crescent|Cres|Mews|Landing|Bend|Bluff|Glen|Hollow|Knoll|"
    "Meadow|Meadows|Center|Ctr|Junction|Jct|"
    # British, Irish and Antipodean types ("55 Millbrook Lawns", "71 The Esplanade", "4 Harbour Quay")
    "Lawns|Esplanade|Parade|Quay|Wynd|Promenade|Gardens|Gdns"  # not Rise, Strand, Vale: "3 Hour Rise"
)
# Street types that are also clinical or everyday words: a lower-case street line never ends on one
# ("at 1400 seen by dr", "to 2 view ct", "moved to 3 point scale")
CI_AMBIGUOUS_STREET_TYPES = frozenset("""
dr ct pt way ways run walk walks view views course point points pass place loop track trace rest station center
centers ctr spring springs fall falls well wells key keys lock light lights mission union unions land mall fork forks
club common dam ramp radial port ports cape neck wall loaf branch bridge divide extension extensions junction
junctions close crest corner corners via field fields camp bypass spur spurs route path flat flats plain plains tunnel
row parade gardens quay
""".split())
# words no street name holds in a lower-case line: "at 2 pm in the hall", "to 3 of his meds"
CI_STREET_STOP = ("the", "a", "an", "of", "to", "and", "or", "in", "on", "at", "for", "with", "by", "his", "her", "my",
                  "your", "their", "our", "this", "that", "was", "is", "pt", "patient", "pm", "am", "hrs", "hours",
                  "min", "mins", "minutes", "days", "weeks", "mg", "ml", "cm", "mm", "units", "degrees", "times", "x",
                  "liters", "liter", "lpm", "cc", "per", "hour", "week", "vessel", "vessels")
BARE_STREET_WORDS = ("Street", "Avenue", "Road", "Boulevard", "Lane", "Drive", "Court", "Parkway", "Highway", "Pike",
                      "Terrace", "Freeway", "Expressway", "Turnpike")
STREET_ABBREVIATIONS = frozenset(w for w in STREET_SUFFIX.split("|") if len(w) <= 4 and w not in (
    "Way", "Run", "Loop", "Path", "Row", "Pass", "Cove", "Walk", "Hill", "Park", "Glen", "Bend", "Lane", "Road", "Mews",
    "Pike"))
UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|Lot|Spc|Space|apt|apartment|suite|unit|#)"

# Final words of facility names. A phrase made only of generic department words ("the Device Clinic",
# "Cardiology Clinic") is not a named facility and is dropped.
FACILITY_HEADS = (
    "Hospital|Hospitals|Medical Center|Medical Centre|Health Center|Health Centre|Healthcare Center|"
    "Health System|Health Systems|Healthcare System|Health Care System|Health Services|Healthcare|Health Care|Health|"
    "Clinic Foundation|Clinic|Clinics|Nursing Home|Nursing Facility|Nursing Center|Nursing and Rehabilitation Center|"
    "Rehabilitation Center|Rehabilitation Hospital|Rehabilitation Institute|Rehab Center|Rehab|"
    "Hospice House|Hospice|Infirmary|Care Center|Care Centre|Medical Group|Medical Associates|"
    "Family Medicine|Family Practice|Primary Care|Internal Medicine Associates|Internal Medicine|"
    "Pediatrics|Pediatric Associates|Cardiology Group|Cardiology Associates|Cardiology|Oncology Group|"
    "Cancer Center|Cancer Institute|Heart Institute|Heart Center|Eye Institute|Institute|Associates|"
    "Surgery Center|Surgical Center|Surgical Associates|Surgical Group|Ambulatory Surgery Center|"
    "Urgent Care|Dialysis Center|Dialysis Unit|Dialysis|Assisted Living|Senior Living|Living Center|"
    "Retirement Home|Retirement Community|Manor|Memorial|Pharmacy|Apothecary|Drug Store|Drugstore|Drugs|Drug|"
    "Laboratory|Laboratories|Imaging Center|Imaging|Radiology Associates|Behavioral Health|"
    "Mental Health Center|Psychiatric Hospital|Psychiatric Center|Children's Hospital|VA Medical Center|"
    "Medical Clinic|Health Clinic|Community Health Center|Group Practice|Physicians Group|Specialists|"
    "Skilled Nursing Facility|Sleep Lab|Sleep Laboratory|Sleep Center|Sleep Centre|Endoscopy Suite|Endoscopy Unit|"
    "Endoscopy Center|Surgery Centre|Surgical Centre|Birthing Center|Birth Center|Birthing Centre|"
    "Community Mental Health Team|Mental Health Team|NHS Foundation Trust|NHS Trust|Health Board|Medical Practice|"
    "Health Centre|Medical Centre|Wound Care Clinic|Wound Care Center|"
    # care homes of Australia and Britain, a GP's practice, dental and physiotherapy practices ('Surgery' names a
    # department as often: 'Same Day Surgery', 'Vascular Surgery')
    "Aged Care|Residential Care|Retirement Village|Care Home|Practice|Dental Care|Dental Practice|"
    "Physiotherapy|Medical Stores|"
    # where a death note sends the body
    "Funeral Home|Funeral Homes|Funeral Chapel|Funeral Services|Funeral Parlor|Funeral Parlour|"
    "Funeral Directors|Mortuary|Crematorium|Crematory|Memorial Chapel"
)
# what a ward, wing or unit is named by when it is not named after someone ("Maternity Ward", "Burns Unit")
WARD_KINDS = frozenset("""
medical surgical maternity labour labor delivery postnatal antenatal prenatal postpartum neonatal newborn nursery
children's childrens paediatric pediatric psychiatric geriatric acute assessment admissions admission day
observation isolation intensive coronary cardiac care critical dependency step-down stepdown burn burns stroke
renal respiratory orthopaedic orthopedic oncology haematology hematology trauma short stay discharge escalation
elderly frailty rehabilitation recovery transitional telemetry private female male women's womens men's general
baby mother neuro neurology neurosurgical surgery medicine cardiology cardiothoracic vascular spinal dialysis
endoscopy infusion chemotherapy palliative hospice memory dementia secure locked forensic mental health eating
disorders detox addiction substance treatment intermediate progressive special high low main old new east west
north south upper lower ground first second third fourth fifth sixth seventh eighth ninth tenth top
psych psychiatry covid ortho orthopedics gyn gynae gynaecology peds paeds onc oncology surg med medsurg ent uro
urology plastics rehab respite greater lesser
""".split())
GENERIC_FACILITY_WORDS = frozenset("""
the a an our this your his her their my device anticoagulation coumadin warfarin diabetes diabetic wound
pain oncology neurology radiology cardiology dialysis urology dermatology orthopedic orthopedics pediatric
pediatrics psychiatry psychiatric sleep allergy travel infusion transplant heart failure lipid memory vein
spine eye ear hearing vascular breast women's womens men's walk-in walk urgent free outpatient inpatient
specialty surgical surgery medical primary care family internal medicine general emergency community
hospital clinic center health services service university regional county city state veterans va public
mental behavioral rehabilitation rehab nursing home hospice cancer dental endocrine endocrinology gi
gastroenterology hepatology liver kidney renal lung pulmonary chest asthma copd hiv id infectious disease
diseases movement disorders disorder headache epilepsy stroke geriatric geriatrics senior wellness
prenatal obstetric obstetrics ob gyn gynecology fertility ent ophthalmology optometry podiatry foot
hand plastic bariatric weight nutrition lab laboratory imaging pharmacy retail mail order specialty
student employee occupational ep physical therapy speech st. saint mt. mount new old north south east west
central main local nearest nearby outside other same another any
""".split())

# First words of the identifier cues in Resources (id_cues): every cue starts with one of these.
ID_CUE_HEADS = """
licen lic plate tag vin passport sin social aadha curp national canadian alien a-number nhs green permanent itin ni nino
personnummer employee staff badge user username login state driver dl cdl dea npi certificate cert board serial s/n sn lot device udi model ra rv lv atrial
ventricular imei mac member subscriber policy group insurance plan payer beneficiary benefit medicare mbi hicn medicaid
visit acc iban bank billing checking savings fin har encounter claim invoice guarantor routing credit debit card mr med record unit
hospital chart patient pt accession exam study specimen case empi pid requisition order zip postal postcode tax taxpayer ein
ambulance als bls ems medic medflight gmc nmc hcpc gphc ahpra vehicle car rego tfn ihi nhi pps ppsn pan uid uidai ur urn
ip hosp insurer health msp ohip cghs nmbi mci reg registration prescriber dni nie nif numero número nir
hospice clinic facility resident emr ehr s.i.n. nric sa id bill incident
provider mcnz ncnz nzmc imc mcrn cmq cpso cpsa hpcsa sanc smc mmc membership gms medical vhi acc acc45
""".split()

# US health insurers whose name stands for "insurance" before a member ID ("BCBS ID XYP880463963")
# Pharmacy and drugstore chains: a branch is a place once its store number or street is given ("CVS #2995",
# "Rite Aid on Prospect St"); the chain's name alone is not.
PHARMACY_CHAINS = (
    "cvs", "cvs pharmacy", "walgreens", "rite aid", "duane reade", "walmart", "walmart pharmacy", "costco",
    "costco pharmacy", "kroger", "kroger pharmacy", "safeway", "safeway pharmacy", "publix", "publix pharmacy",
    "target pharmacy", "meijer", "meijer pharmacy", "h-e-b", "heb", "hy-vee", "wegmans", "giant eagle",
    "kinney drugs", "bartell drugs", "boots", "boots pharmacy", "lloyds pharmacy", "lloydspharmacy",
    "well pharmacy", "superdrug", "rowlands pharmacy", "asda pharmacy", "tesco pharmacy", "shoppers drug mart",
    "jean coutu", "london drugs", "rexall", "pharmasave", "chemist warehouse", "priceline pharmacy",
    "terry white chemmart",
)
PAYERS = ("bcbs", "aetna", "cigna", "humana", "tricare", "anthem", "kaiser", "medicare", "medicaid", "uhc",
          "unitedhealthcare")

# Cue words that also mean other things ("a lot", "member of", "case 2"): their value needs 4+ digits.
WEAK_ID_CUES = frozenset("member lot group case order study sin fin har pid tag".split())

# "Patient Jane Roe was seen": no colon, so every word must look like a name ("Patient Portal" must not).
BARE_CUES = ("patient", "pt", "the patient", "patient is", "patient was")
# Credentials that are also words or abbreviations ("Thus PA production", "TO DO"): weak without a comma.
AMBIGUOUS_CREDENTIALS = frozenset("PA DO NP RD PT OT CNS EMT MS DC OD".split())
CREDENTIAL_WORDS = frozenset(c.replace("\\", "").replace(".", "") for c in CREDENTIALS)
# (and the ranks of police who report a crash or an assault: "per police (Sgt Flores)")
TITLE_WORDS = frozenset("mr mrs ms miss mx dr drs prof professor doctor sgt sergeant constable detective "
                        "inspector smt shri shrimati".split())  # not "insp", "det": inspiratory, detection
PERSON_WORDS = frozenset("woman man gentleman lady female male girl boy patient pt".split())

# Words after which a town follows: "lives in X", "moved to X", "at our X office".
PLACE_TRIGGERS = {w: "to" for w in "moved relocated traveled travelled trip drove flew".split()}
PLACE_TRIGGERS.update((w, "in") for w in """lives living lived resides residing resided born raised grew originally
hometown native located home visiting vacation vacationing stays staying works working employed""".split())
PLACE_TRIGGERS["at our"] = "office"
PLACE_TRIGGERS["live"] = "in"  # "I live in Springfield", "we live at 12 Oak St"
PLACE_TRIGGERS.update((w, "from") for w in ("resident of", "native of"))  # "a 92 y.o. resident of Wichita"
# verbs after which a whole postal address may follow ("ship it to 45/145, Rout Nagar, Guntur 100772"); the
# residence and moving words above too (MAIL_VERBS): found by the same scan
PLACE_TRIGGERS.update((w, "mail") for w in "ship send mail deliver forward".split())
MAIL_VERBS = frozenset("live lives living resides residing moved relocated ship send mail deliver forward".split())
# where a person is from, the town right after: "She is from Annaview" (a person before the verb: checked in
# code; "comes from" is left out: "this information comes from Orphanet", "comes from the Greek"). Found by a
# scan for " from ", not in place_trigger_re's trie, where "is" would be tried at every "is".
FROM_VERBS = ("is", "was", "am", "are", "hails")

# Last words of institution names, which are never the city in "X, State".
INSTITUTION_WORDS = frozenset("""
hospital hospitals clinic institute laboratory laboratories infirmary hospice pharmacy university college
company inc corporation corp foundation school department division
""".split())

# Endings of English words (and drug/anatomy terms) that are seldom the end of a person's name.
ENGLISH_SUFFIXES = ("ed", "ing", "al", "ous", "ic", "ac", "ology", "logy", "iatry", "graphy", "therapy", "ive", "ary", "tion", "sion", "ment", "ness", "ity", "ible",
                     "able", "ly", "ful", "less", "ism", "itis", "osis", "emia", "algia", "ectomy", "scopy",
                     "gram", "pril", "olol", "statin", "sartan", "mab", "nib", "azole", "cillin", "mycin",
                     "cycline", "floxacin", "azepam", "azolam", "semide", "thiazide", "profen", "oxetine")

FACILITY_HEAD_WORDS = frozenset(w.lower() for w in re.split(r"[| ]", FACILITY_HEADS) if w)

def english_like(word: str) -> bool:
    """Ends like an English word or a drug name ("discharged", "lisinopril"); "Mei-Ling" does not."""
    tail = word.rsplit("-", 1)[-1]
    return any(tail.endswith(sfx) and len(tail) - len(sfx) >= 4 for sfx in ENGLISH_SUFFIXES)
