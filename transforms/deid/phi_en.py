"""English PHI detection for clinical text: rules, context cues and name lists, no model.

``detect(text)`` returns the HIPAA Safe Harbor identifiers it finds as ``PhiSpan`` records, sorted by
start and non-overlapping. It is built for throughput on one core (a Beam worker calls it for every
document): a handful of combined regular expressions, one pass over capitalised words for names, and
set lookups. Resources (compiled patterns, name sets) are built once, on first use.

Recognizer families (the ``recognizer`` field says which one fired; reviewers get per-recognizer counts):

* ``en.email``, ``en.url``, ``en.ip``: shape only.
* ``en.phone`` / ``en.fax``: North American numbers with an optional extension; a number counts as a fax
  when the nearest cue before it is "fax"/"F:"; a bare 10-digit run needs a phone or fax cue.
* ``en.ssn``: 3-2-4 digit groups, or a number after an SSN cue (also masked "XXX-XX-1234").
* ``en.id.<label>``: a value after a cue word (MRN, account, member ID, NPI, DEA, passport, serial,
  plate, VIN...). Bare digit runs are ambiguous, so the cue decides the label.
* ``en.vin``, ``en.udi``: 17-character VINs and GS1 device identifiers, which are unambiguous by shape.
* ``en.date.*``: numeric, ISO, month-name and ordinal dates. A bare m/d needs date context, so scores,
  fractions and blood pressures stay out; years alone and clock times are never dates.
* ``en.age``: ages of 90 and over, the number only.
* ``en.address``, ``en.city.*``, ``en.zip``: street lines, "City, ST ZIP", city after a street line or
  after "lives in"-type cues, and a gazetteer of US cities (with context, as many are also surnames).
* ``en.facility``: a capitalised phrase ending in a facility word (Hospital, Clinic, Medical Center...).
* ``en.name.*``: names after titles (Mr., Dr.), before credentials (MD, RN), after label and verb cues
  (Patient:, signed by), around relation words (his daughter, Ann; Ann (daughter)), first+last pairs from
  the name lists, "Last, First" pairs, and later repeats of a name part already found in the document.

Name lists: US Census 1990 (package ``names``) and the Latin-script person lists of ``faker``'s locales.
Name-list entries that are ordinary English words (``resources/en_common_name_words.txt``: the entries seen in lower case in
medical prose) and medical eponyms never count as name evidence on their own.
"""

from __future__ import annotations

import bisect
import re
import threading

from medcorpus.schemas.phi import PhiSpan
from medcorpus.transforms.deid import en_lexicon, en_names_ci, en_places_ci

__all__ = ["detect"]

# ---------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------

_UP, _LO = en_lexicon.UP, en_lexicon.LO

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")

# Clinician credentials: a name directly before one of these is a person; never part of the span.
_CREDENTIALS = (
    "M\\.D\\.", "MD", "D\\.O\\.", "DO", "R\\.N\\.", "RN", "NP", "PA-C", "PA", "FNP-C", "FNP-BC", "FNP",
    "ANP-BC", "ANP", "ACNP-BC", "ACNP", "AGNP-C", "AGNP", "AGACNP", "PMHNP", "DNP", "CNM", "CRNA", "CNS", "APRN",
    "LPN", "LVN", "CNA", "MSW", "LCSW", "LICSW", "LMSW", "Ph\\.D\\.", "PhD", "PharmD", "Pharm\\.D\\.", "RPh",
    "DDS", "DMD", "DPM", "DPT", "OTR/L", "OTR", "CCC-SLP", "SLP", "RD", "RDN", "RRT", "MBBS", "MBChB", "FRCPC",
    "FRCP", "FRCS", "FACP", "FACS", "FACC", "FACEP", "FAAP", "MPH", "MSN", "BSN", "CDE", "CCRN", "EMT-P",
    "EMT", "PGY-\\d",
)

# Field labels followed by a colon and a person's name ("Patient: ...", "Attending Surgeon: ...").
_LABEL_CUES = (
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
)
# Cues without a colon that are followed by a person as reliably as a label ("Dictated by ...").
_BY_CUES = (
    "dictated by", "transcribed by", "signed by", "electronically signed by", "authenticated by", "documented by",
    "reviewed by", "reconciled by", "registered by", "entered by", "verified by", "performed by", "ordered by",
    "interpreted by", "read by", "cosigned by", "co-signed by", "approved by", "prepared by", "attested by",
    "requested by", "referred by", "communicated to", "routed to", "returned call to", "call to", "message for",
    "message with", "request of", "pcp", "dear",
)
# Weaker cues ("seen by", "discussed with"): the name needs name-list evidence.
_VERB_CUES = (
    "seen by", "evaluated by", "examined by", "accompanied by", "followed by", "managed by", "called by",
    "covered by", "discussed with", "spoke with", "spoke to", "talked with", "talked to", "d/w", "follow up with",
    "follow-up with", "followup with", "follows with", "f/u with", "consulted", "paged", "called", "care of",
    "c/o", "signed out to", "handed off to", "thank you,", "sincerely,", "regards,", "per", "signed", "to:",
    "from:", "copy to", "cc", "met with", "scheduled with", "appointment with", "appt with", "f/u w/",
    "follow up w/", "visit with", "called to", "reported to", "relayed to", "given to",
    "sent to", "notified", "informed",
)
_RELATIONS = (
    "son", "daughter", "wife", "husband", "spouse", "partner", "mother", "father", "mom", "dad", "brother",
    "sister", "sibling", "aunt", "uncle", "niece", "nephew", "cousin", "grandson", "granddaughter",
    "grandmother", "grandfather", "grandma", "grandpa", "grandchild", "friend", "neighbor", "neighbour",
    "caregiver", "guardian", "fiance", "fiancee", "fianc\u00e9e", "boyfriend", "girlfriend", "roommate",
    "stepson", "stepdaughter", "stepmother", "stepfather", "son-in-law", "daughter-in-law", "sister-in-law",
    "brother-in-law", "mother-in-law", "father-in-law", "hcp", "poa", "proxy", "landlord", "coworker",
    "co-worker", "sponsor", "godmother", "godfather",
)

# Function words: never part of a name, even after a title.
_FUNCTION_WORDS = frozenset("""
the a an this that these those his her their our your my he she they we it its and or but nor in on at to
from for with by of as if is was are were be been per no not yes none all any each every other today tomorrow
yesterday tonight now then here there mr mrs ms miss dr prof md do rn np pa re cc sir madam mam
""".split())
# Capitalised words that are not names after a weaker cue (labels, verbs, relations, credentials).
_STOP_WORDS = _FUNCTION_WORDS | frozenset("""
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
""".split()) | frozenset(_RELATIONS)

# Eponyms and medical terms that are also surnames or first names: resources/en_eponyms.txt.
_EPONYMS = en_lexicon.read_words("en_eponyms.txt")

# US states: the state stays unlabelled, but it anchors "City, ST ZIP" and must not be taken for a city.
_URL_TLDS = ("com", "org", "net", "edu", "gov", "io", "us", "info", "health", "care", "biz", "co")

_STATE_ABBR = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI"
).split()
_STATE_ABBR_SET = frozenset(_STATE_ABBR)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|"
    "Puerto Rico|District of Columbia"
)

# Largest US cities and well-known towns. Matched on their own only after place cues ("lives in",
# "from"), because many double as surnames or street names.
_US_CITIES = """
New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|
Jacksonville|Fort Worth|Columbus|Charlotte|San Francisco|Indianapolis|Seattle|Denver|Washington|Boston|
El Paso|Nashville|Detroit|Oklahoma City|Portland|Las Vegas|Memphis|Louisville|Baltimore|Milwaukee|
Albuquerque|Tucson|Fresno|Mesa|Sacramento|Atlanta|Kansas City|Colorado Springs|Omaha|Raleigh|Miami|
Long Beach|Virginia Beach|Oakland|Minneapolis|Tulsa|Tampa|Arlington|New Orleans|Wichita|Bakersfield|
Cleveland|Aurora|Anaheim|Honolulu|Santa Ana|Riverside|Corpus Christi|Lexington|Henderson|Stockton|
Saint Paul|St. Paul|Cincinnati|St. Louis|Saint Louis|Pittsburgh|Greensboro|Lincoln|Anchorage|Plano|
Orlando|Irvine|Newark|Durham|Chula Vista|Toledo|Fort Wayne|St. Petersburg|Laredo|Jersey City|Chandler|
Madison|Lubbock|Scottsdale|Reno|Buffalo|Gilbert|Glendale|North Las Vegas|Winston-Salem|Chesapeake|
Norfolk|Fremont|Garland|Irving|Hialeah|Richmond|Boise|Spokane|Baton Rouge|Tacoma|San Bernardino|
Modesto|Fontana|Des Moines|Moreno Valley|Santa Clarita|Fayetteville|Birmingham|Oxnard|Rochester|
Port St. Lucie|Grand Rapids|Huntsville|Salt Lake City|Frisco|Yonkers|Amarillo|Glendale|Huntington Beach|
McKinney|Montgomery|Augusta|Akron|Little Rock|Tempe|Columbus|Overland Park|Grand Prairie|Tallahassee|
Cape Coral|Mobile|Knoxville|Shreveport|Worcester|Ontario|Vancouver|Sioux Falls|Chattanooga|Brownsville|
Fort Lauderdale|Providence|Newport News|Rancho Cucamonga|Santa Rosa|Peoria|Oceanside|Elk Grove|Salem|
Pembroke Pines|Eugene|Garden Grove|Cary|Fort Collins|Corona|Springfield|Jackson|Alexandria|Hayward|
Clarksville|Lakewood|Lancaster|Salinas|Palmdale|Hollywood|Springfield|Macon|Sunnyvale|Pomona|Killeen|
Escondido|Pasadena|Naperville|Bellevue|Joliet|Murfreesboro|Midland|Rockford|Paterson|Savannah|
Bridgeport|Torrance|McAllen|Syracuse|Surprise|Denton|Roseville|Thornton|Miramar|Mesquite|Olathe|Dayton|
Carrollton|Waco|Orange|Fullerton|Charleston|West Valley City|Visalia|Hampton|Gainesville|Warren|
Coral Springs|Cedar Rapids|Round Rock|Sterling Heights|Kent|Columbia|Santa Clara|New Haven|Stamford|
Concord|Elizabeth|Athens|Thousand Oaks|Lafayette|Simi Valley|Topeka|Norman|Fargo|Wilmington|Abilene|
Odessa|Pearland|Victorville|Hartford|Vallejo|Allentown|Berkeley|Richardson|Arvada|Ann Arbor|Cambridge|
Sugar Land|Lansing|Evansville|College Station|Fairfield|Clearwater|Beaumont|Independence|Provo|
West Jordan|Murrieta|Palm Bay|El Monte|Carlsbad|Charleston|Temecula|Clovis|Meridian|Westminster|
Costa Mesa|High Point|Manchester|Pueblo|Lakeland|Pompano Beach|West Palm Beach|Antioch|Everett|Downey|
Lowell|Centennial|Elgin|Broken Arrow|Miami Gardens|Billings|Jurupa Valley|Sandy Springs|Gresham|
Lewisville|Hillsboro|Ventura|Greeley|Inglewood|Waterbury|League City|Santa Maria|Tyler|Davie|Daly City|
Boulder|Allen|West Covina|Sparks|Wichita Falls|Green Bay|San Mateo|Norwalk|Rialto|Las Cruces|Chico|
El Cajon|Burbank|South Bend|Renton|Vista|Davenport|Edinburg|Tuscaloosa|Carmel|Spokane Valley|San Angelo|
Vacaville|Bend|Albany|Trenton|Camden|Scranton|Harrisburg|Erie|Reading|Bethlehem|Utica|Binghamton|
Ithaca|Schenectady|Poughkeepsie|White Plains|New Rochelle|Mount Vernon|Greenwich|Eastchester|Scarsdale|
Brooklyn|Bronx|Queens|Manhattan|Staten Island|Long Island|Hoboken|Princeton|Burlington|Portsmouth|
Nashua|Bangor|Augusta|Montpelier|Pawtucket|Cranston|Warwick|Springfield|Worcester|Quincy|Brockton|
Framingham|Somerville|Lynn|Newton|Dover|Annapolis|Frederick|Bethesda|Silver Spring|Rockville|Towson|
Roanoke|Lynchburg|Charlottesville|Asheville|Wilmington|Greenville|Spartanburg|Myrtle Beach|Savannah|
Macon|Albany|Tallahassee|Pensacola|Sarasota|Naples|Fort Myers|Daytona Beach|Key West|Boca Raton|
Gulfport|Biloxi|Hattiesburg|Tupelo|Lafayette|Lake Charles|Monroe|Texarkana|Conway|Bentonville|
Rogers|Joplin|Branson|Columbia|Cape Girardeau|Champaign|Urbana|Bloomington|Normal|Decatur|Evanston|
Oak Park|Skokie|Schaumburg|Gary|Hammond|Muncie|Terre Haute|Kalamazoo|Flint|Saginaw|Traverse City|
Marquette|Duluth|Rochester|Mankato|St. Cloud|Eau Claire|La Crosse|Oshkosh|Appleton|Kenosha|Racine|
Dubuque|Iowa City|Ames|Council Bluffs|Sioux City|Rapid City|Bismarck|Grand Forks|Missoula|Bozeman|
Great Falls|Casper|Cheyenne|Laramie|Ogden|St. George|Flagstaff|Yuma|Prescott|Santa Fe|Roswell|
Carson City|Redding|Eureka|Santa Barbara|San Luis Obispo|Monterey|Santa Cruz|Palo Alto|Mountain View|
Walnut Creek|Napa|Sonoma|Petaluma|Palm Springs|Yakima|Olympia|Bellingham|Kennewick|Pasco|Richland|
Medford|Bend|Corvallis|Juneau|Fairbanks|Hilo|Kailua|San Juan|Ponce|Mayaguez|Galveston|Killeen|Temple|
Bryan|Longview|Harlingen|Victoria|Lawton|Stillwater|Edmond|Lawrence|Manhattan|Salina|Hutchinson|
Grand Island|Kearney|Bowling Green|Owensboro|Paducah|Frankfort|Covington|Morgantown|Huntington|
Wheeling|Parkersburg|Youngstown|Canton|Lorain|Sandusky|Mansfield|Lima|Zanesville|Chillicothe|
Johnson City|Kingsport|Bristol|Cleveland|Jackson|Dothan|Auburn|Florence|Gadsden|Anniston|Hoover|
Meridian|Oxford|Starkville|Vicksburg|Natchez|Houma|Slidell|Metairie|Kenner|Marietta|Roswell|Alpharetta|
Smyrna|Valdosta|Brunswick|Rome|Dalton
"""

# Places that are not PHI (countries, regions: larger than a state) or not places at all; they are
# neither cities after "moved from"/"born in" nor name evidence.
_NOT_CITIES = frozenset("""
america|usa|us|united states|the united states|canada|mexico|europe|asia|africa|india|china|japan|korea|
philippines|vietnam|germany|north germany|france|italy|spain|portugal|ireland|england|scotland|wales|
britain|great britain|uk|united kingdom|russia|ukraine|poland|brazil|colombia|peru|cuba|haiti|jamaica|
guatemala|honduras|el salvador|nicaragua|dominican republic|puerto rico|nigeria|ghana|kenya|ethiopia|
somalia|egypt|iran|iraq|syria|afghanistan|pakistan|bangladesh|nepal|israel|turkey|greece|australia|
new zealand|south africa|hong kong|taiwan|thailand|indonesia|malaysia|singapore|argentina|chile|
venezuela|ecuador|bolivia|panama|costa rica|sweden|norway|denmark|finland|netherlands|holland|belgium|
switzerland|austria|hungary|romania|czech republic|the caribbean|caribbean|central america|
south america|latin america|middle east|west coast|east coast|midwest|new england|the south|the north|
the area|town|state|country|section
""".replace("\n", "").split("|"))

# Words of place names ("Charles River", "Hong Kong", "New York"): not evidence for a first+last pair.
_GEO_WORDS = frozenset("""
river lake mount mt city county valley bay island isle park beach north south east west new port fort
saint san santa los las hong kong york jersey falls springs heights hills harbor harbour creek rock
""".split())

# Street suffixes (full and abbreviated) for address lines.
_STREET_SUFFIX = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Cir|Way|Place|Pl|"
    "Terrace|Ter|Parkway|Pkwy|Pike|Highway|Hwy|Trail|Trl|Run|Square|Sq|Loop|Path|Row|Alley|Crossing|Xing|"
    "Plaza|Ridge|Pass|Point|Pt|Commons|Cove|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Route|Rte|Walk|"
    "Heights|Hts|Hill|Grove|Park|Green|Close|Crescent|Cres|Mews|Landing|Bend|Bluff|Glen|Hollow|Knoll|"
    "Meadow|Meadows|Center|Ctr|Junction|Jct"
)
_BARE_STREET_WORDS = ("Street", "Avenue", "Road", "Boulevard", "Lane", "Drive", "Court", "Parkway", "Highway", "Pike",
                      "Terrace")
_STREET_ABBREVIATIONS = frozenset(w for w in _STREET_SUFFIX.split("|") if len(w) <= 4 and w not in (
    "Way", "Run", "Loop", "Path", "Row", "Pass", "Cove", "Walk", "Hill", "Park", "Glen", "Bend", "Lane", "Road", "Mews",
    "Pike"))
_UNIT = r"(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|Lot|Spc|Space|#)"

# Final words of facility names. A phrase made only of generic department words ("the Device Clinic",
# "Cardiology Clinic") is not a named facility and is dropped.
_FACILITY_HEADS = (
    "Hospital|Hospitals|Medical Center|Medical Centre|Health Center|Health Centre|Healthcare Center|"
    "Health System|Health Systems|Healthcare System|Health Care System|Health Services|Healthcare|Health|"
    "Clinic|Clinics|Nursing Home|Nursing Facility|Nursing Center|Nursing and Rehabilitation Center|"
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
    "Medical Clinic|Health Clinic|Community Health Center|Group Practice|Physicians Group|Specialists"
)
_GENERIC_FACILITY_WORDS = frozenset("""
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


# ---------------------------------------------------------------------------------------------------
# Resources (built once, lazily)
# ---------------------------------------------------------------------------------------------------

def _alt(words) -> str:
    """Regex alternation, longest first so that "Medical Center" wins over "Center"."""
    return "|".join(sorted(set(words), key=len, reverse=True))


def _trie(words, lower: bool = True) -> str:
    """Alternation as a trie ("pa(?:tient|rent)"): one branch per letter instead of one per word.
    Spaces match any run of whitespace."""
    root: dict = {}
    for word in words:
        node = root
        for ch in (word.lower() if lower else word):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


class _Resources:
    """Compiled patterns and word sets; one instance per process."""

    def __init__(self) -> None:
        self._build_words()
        self._build_patterns()

    # -- word sets ----------------------------------------------------------------------------------
    def _build_words(self) -> None:
        common = en_lexicon.read_words("en_common_name_words.txt")
        firsts, lasts = en_lexicon.person_names()
        blocked = common | _STOP_WORDS
        # *_ok: name evidence on its own (no common words, no eponyms); the raw sets still accept such
        # words next to other evidence ("Grace Parkinson" is a name, "Parkinson" alone is not).
        self.first = frozenset(firsts)
        self.last = frozenset(lasts)
        self.first_ok = frozenset(firsts - blocked - _EPONYMS)
        self.last_ok = frozenset(lasts - blocked - _EPONYMS)
        self.common = common
        self.blocked = blocked
        self._city_names = [c.strip() for c in _US_CITIES.replace("\n", "").split("|") if c.strip()]
        self.cities = frozenset(c.lower() for c in self._city_names)
        self.city_set = frozenset(self._city_names)
        self.states = frozenset(s.lower() for s in _STATE_NAMES.split("|")) | frozenset(
            s.lower() for s in _STATE_ABBR)

    # -- patterns -----------------------------------------------------------------------------------
    def _build_patterns(self) -> None:
        up, lo = _UP, _LO
        cred_alt = _alt(_CREDENTIALS)
        titles = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Drs|Prof|Professor|Doctor|(?:MR|MRS|DR)(?=\.))"
        # One capitalised word (O'Brien, McDonald, Jean-Luc, Ji-woo) or an ALL-CAPS word; never a
        # credential or a title, so "Attending: Dr. Lee" leaves the title to the title cue.
        tw = rf"(?:[{up}]['\u2019](?:[{up}][{lo}]+|[{lo}]{{3,}})|[{up}][{lo}]+)(?:[{up}][{lo}]+)?(?:-[{up}{lo}][{lo}]+)?"
        uw = rf"(?:[{up}]['\u2019])?[{up}]{{2,}}(?:-[{up}]{{2,}})?"
        months = _alt([m.capitalize() for m in _MONTHS] + [m.upper() for m in _MONTHS])
        nt = rf"(?!(?:{cred_alt}|{titles})\b|(?:{months})\.?[ ]\d)(?:{tw}|{uw})(?![\w@])"
        ini = rf"[{up}]\.?(?![\w'\u2019-])"
        particle = r"(?:van|von|de|da|del|della|der|di|du|la|le|dos|das|bin|ibn|al|el)"
        seq = (rf"(?:{ini}[ ](?:{ini}[ ])?)?{nt}"
               rf"(?:[ ](?:{particle}[ ])?(?:{ini}[ ])?{nt}){{0,3}}(?:[ ]{ini})?")
        last_first = rf"{nt}(?:[ ]{nt})?,[ ]?{nt}(?:[ ]{nt})?(?:[ ]{ini})?"
        # Names are matched only where a cue ends (anchored .match), never tried at every position.
        # A bare initial ("Dr. X", a placeholder) counts only after a title: see _name_span.
        self.name_re = re.compile(rf"{last_first}|{seq}|{ini}")
        self.title_name_re = re.compile(rf"{seq}|{ini}")
        self.name_tok_re = re.compile(rf"{tw}|{uw}|[{up}]\.?")
        self.opt_title_re = re.compile(rf"{titles}\.?[ ]{{1,2}}")
        # Forward cues: every cue word in one trie, scanned once over the lower-cased text; the word then
        # says which cue families to try (_CUE_TAILS), each checked by an anchored match.
        cue_words: dict[str, list[str]] = {}
        for kind, words in (("title", _TITLE_WORDS), ("label", _LABEL_CUES), ("by", _BY_CUES),
                            ("rel", _RELATIONS), ("person", _PERSON_WORDS), ("verb", _VERB_CUES),
                            ("bare", _BARE_CUES)):
            for w in words:
                cue_words.setdefault(w, []).append(kind)
        self.cue_kinds = {w: tuple(k) for w, k in cue_words.items()}
        self.cue_scan_re = re.compile(rf"\b(?P<cue>{_trie(cue_words)})(?!\w)")
        self.cue_tails = {
            "title": re.compile(r"\.?[ ]{1,2}"),
            "label": re.compile(r"[ \t]*(?:#|\(s\))?:[ \t]*(?:,[ \t]*)?\n?[ \t]*"),
            "by": re.compile(r":?[ ]+"),
            "verb": re.compile(r":?[ ]+"),
            "rel": re.compile(r"[ ]?,[ ]?|[ ]?\([ ]?|[ ]"),
            "person": re.compile(r"[ ]\("),
            "bare": re.compile(rf"[ ](?=[{_UP}])"),
        }
        self.space_re = re.compile(r"\s+")
        self.thing_name_re = re.compile(
            r"\b(?:model|product|drug|medication|procedure|device|study|test|generic|brand|trade|file|user|"
            r"program|company|plan|facility|hospital|pharmacy|practice|clinic|lab|exam|form|document)[ ]$")
        # a dash before a name ("-- Liu", "\n- Liu"); where it stands is checked in _signature_dashes
        self.dash_re = re.compile(r"--?(?P<sp>[ ]{0,2})(?=[a-z])")
        self.street_before_re = re.compile(rf"\d+(?:[ ][{up}][{lo}]+){{1,3}}[ ]$")
        # Backward cues are checked at the end of each chain of capitalised words.
        self.chain_re = re.compile(rf"[{up}][\w'\u2019-]*\.?(?:[ ](?:{particle}[ ])?[{up}][\w'\u2019-]*\.?)*")
        self.cred_after_re = re.compile(
            rf"(?:,[ ]?(?P<c1>{cred_alt})|[ ](?P<c2>{cred_alt}))(?![\w-]|[ ]?:|/|[ ](?i:and|&)\b)")
        self.relpost_re = re.compile(
            rf"[ ]?\((?i:(?:his|her|their|pt's|patient's)[ ])?(?i:{_trie(_RELATIONS)})\)")
        # A person-only verb after the name: "Zachary states", "Esperanza, aged 35".
        self.after_re = re.compile(
            r"[ ](?:states|stated|reports|reported|denies|denied|endorses|complains|presents|presented|says|"
            r"said|called[ ](?!to\b)|asked|asks|agrees|agreed|declines|declined|refuses|refused|verbalized|"
            r"verbalizes|understands|wishes|wants|prefers|lives|arrived|came|comes|returns|returned|resting|"
            r"sleeping|ambulating|tolerating|was[ ]seen)\b|[ ]is[ ]an?[ ]\d|[ ]is[ ]\d{1,3}[ -](?:years?|yo\b|y/o)"
            r"|,[ ](?:aged?[ ]\d|an?[ ]\d{1,3}[ -]y|\d{1,3}[ ]?(?:yo|y/o|y\.o\.|year|M\b|F\b))")
        self.eponym_after_re = re.compile(
            r"(?:['\u2019]s)?[ -](?i:disease|syndrome|sign|signs|test|tests|maneuver|manoeuvre|reflex|"
            r"catheter|tube|stain|staining|palsy|score|scale|criteria|classification|grade|phenomenon|"
            r"procedure|operation|repair|fracture|lymphoma|sarcoma|tumou?r|cells?|node|nodes|ulcer|"
            r"approach|incision|clamp|forceps|retractor|position|triad|law|equation|formula|method|"
            r"technique|algorithm|curve|plot|correlation|coefficient|index|body|bodies|effect|guidelines?|"
            r"disorder|dystrophy|anomaly|malformation|deformity|contracture|space|canal|duct|gland|"
            r"area|aphasia|ataxia|angina|thyroiditis|encephalopathy|neuroma|neuralgia|esophagus|"
            r"diverticulum|hernia|knot|rule|rules|class|stage|type|variant|hypothesis|blot|assay|virus|leukemia|"
            r"strains?|medium|media|agar|samplers?|reaction|units?|model|rats?|mice|osteotomy|"
            r"carcinoma|ratio|solution|flap|pouch|line)\b")

        # ---- shapes ----
        # Most patterns open with a lookahead on their first character, so the regex engine rejects
        # other positions at once; several run only when a trigger substring is in the text.
        self.email_re = re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        self.url_re = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
        self.domain_url_re = re.compile(
            rf"\b(?:[a-z0-9-]+\.)+(?:{'|'.join(_URL_TLDS)})/[^\s<>\"'`]*")
        octet = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
        self.ipv4_re = re.compile(rf"(?=\d)(?<![\d.]){octet}(?:\.{octet}){{3}}(?!\d|\.\d)")
        self.ipv6_re = re.compile(
            r"(?=[0-9A-Fa-f]{1,4}:[0-9A-Fa-f:])(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}))"
            r"(?:(?::[0-9A-Fa-f]{1,4})){0,6}(?![\w:])")

        # ---- phone / fax ----
        ext = r"(?:[ ,]*(?:ext\.?|extension|x|Ext\.?|EXT\.?|X)[ ]?\d{1,6})?"
        self.phone_re = re.compile(
            rf"(?=[\d+(])(?<![\w+/.])(?<!\d-)(?:(?:\+?1[ .-]?)?(?:\(\d{{3}}\)[ .-]?|\d{{3}}(?:[ .]|-[ ]?))\d{{3}}(?:[ .]|-[ ]?)\d{{4}}(?![\d-]){ext}"
            # notes also write 201/324/1423
            rf"|\d{{3}}/\d{{3}}/\d{{4}}(?![\d/])"
            rf"|\+1[ ]?\d{{10}}(?!\d){ext}"
            rf"|(?P<bare>1?\d{{10}}(?![\w-]){ext}))")
        # pagers: five digits after a pager cue ("pager #12345", "beeper number 12345"); on the lower-cased text
        self.pager_re = re.compile(
            r"\b(?:pager|beeper|pgr|pg|page)(?:\s*(?:number|no\.?|#))?\s*[:#]?\s*#?\s*(?P<val>\d{5})(?!\d)")
        # run on the lower-cased text
        self.phone_cue_re = re.compile(
            r"(?P<fax>\bfax(?:ed)?\b|\bf\s*:|\bfacsimile\b)|(?P<tel>\b(?:phone|ph|tel|telephone|cell|mobile|"
            r"call|called|contact|reach(?:able)?|pager|beeper|p\s*:|home|work|office|text|number|#)\b)")

        # ---- cue-keyed identifiers ----
        id_cues = {
            "VEHICLE": r"(?:licen[cs]e|lic\.?)\s+plate|plate(?:\s*(?:#|no\.?|number))?|tag\s*#|VIN",
            "NATIONAL_ID": (r"passport(?:\s*(?:#|no\.?|number))?|(?:canadian\s+)?SIN|social\s+insurance\s+(?:number|no\.?)"
                            r"|aadhaa?r(?:\s*(?:#|no\.?|number))?|CURP|national\s+ID(?:\s+card)?(?:\s*(?:#|no\.?|number))?"
                            r"|alien\s+(?:registration|reg\.?)(?:\s*(?:#|no\.?|number))?|A-number|NHS\s+(?:number|no\.?)"
                            r"|green\s+card(?:\s*#)?|permanent\s+resident\s+card(?:\s*#)?|ITIN|NI\s+number|personnummer"
                            r"|(?:state|national)\s+ID\s*(?:#|no\.?|number)"),
            "LICENSE": (r"(?:driver'?s?\s+)?licen[cs]e(?:\s*(?:#|no\.?|number))?|lic\.?\s*(?:#|no\.?)|DL\s*#?|DEA\s*#?"
                        r"|NPI\s*#?|certificate(?:\s*(?:#|no\.?|number))?|cert\.?\s*#|board\s+certification\s*#?"),
            "DEVICE": (r"serial(?:\s*(?:#|no\.?|number))?|S/?N|lot(?:\s*(?:#|no\.?|number))?|device\s+(?:ID|identifier)"
                       r"|UDI|model/serial|(?:RA|RV|LV|atrial|ventricular)\s+lead|IMEI|MAC\s+address"),
            "HEALTH_PLAN": (r"member(?:\s*(?:ID|#|no\.?|number))?|subscriber(?:\s*(?:ID|#|no\.?|number))?"
                            r"|policy(?:\s*(?:ID|#|no\.?|number))?|group(?:\s*(?:#|no\.?|number))"
                            r"|(?:insurance|plan|payer|beneficiary|benefit)\s*(?:ID|#|no\.?|number)"
                            r"|medicare(?:\s*(?:ID|#|no\.?|number))?(?:\s*\(MBI\))?|MBI|HICN|medicaid(?:\s*(?:ID|#|no\.?|number))?"),
            "ACCOUNT": (r"(?:visit/)?acc(?:oun)?t\.?(?:\s*(?:#|no\.?|number))?|(?:bank|billing|checking|savings)\s+account"
                        r"(?:\s*(?:#|no\.?|number))?|FIN|HAR|billing\s*(?:#|no\.?|number)|encounter\s*(?:#|no\.?|number)"
                        r"|claim\s*(?:#|no\.?|number)|invoice\s*(?:#|no\.?|number)|guarantor\s*(?:#|no\.?|number|ID)"
                        r"|routing\s*(?:#|no\.?|number)|credit\s+card(?:\s*(?:#|no\.?|number))?"),
            "MRN": (r"MRN|MR\s*#|MR\s*no\.?|med(?:ical)?\.?\s+rec(?:ord)?\.?(?:\s*(?:#|no\.?|number))?|record\s*(?:#|no\.?|number)"
                    r"|unit\s*(?:#|no\.?|number)|hospital\s*(?:#|no\.?|number)|chart\s*(?:#|no\.?|number)"
                    r"|patient\s*(?:ID|#|no\.?|number)|pt\.?\s*(?:ID|#)|accession(?:\s*(?:#|no\.?|number))?|acc\s*#"
                    r"|exam\s*(?:#|no\.?|number|ID)|study\s*(?:#|ID|no\.?)|specimen\s*(?:#|no\.?|number|ID)"
                    r"|case\s*(?:#|no\.?|number)|EMPI|PID|requisition\s*(?:#|no\.?)|order\s*(?:#|no\.?|number)"),
        }
        # The cue is found in the lower-cased text, the value then read from the text at the cue's end.
        cue_alt = "|".join(rf"(?P<k_{lab}>{pat.lower()})" for lab, pat in id_cues.items())
        # A trie of the cues' first words finds the few places worth the full (slow) alternation.
        self.id_head_re = re.compile(rf"\b(?<!/)(?:{_trie(_ID_CUE_HEADS)})")
        self.id_cue_re = re.compile(rf"(?:{cue_alt})(?!\w)")
        # Value: digit groups split by spaces, a plate, or letters/digits with inner -/. (with a digit).
        self.id_val_re = re.compile(
            r"(?:\s*\([A-Za-z]{2,5}\))?[ \t]*(?:[:#=.]|is|of)?[ \t]*(?:,[ \t]*)?(?:#[ \t]*)?\(?(?:(?:HAR|FIN|CSN|EPIC)[ ](?=\d))?"
            r"(?P<val>\d{3,4}(?:[ ]\d{3,4}){1,3}(?![\w-])"  # 314 758 824
            r"|[A-Z0-9]{1,4}[ -][A-Z0-9]{2,5}(?![\w-])"  # plates: 228 WJS, 8KG-4907
            r"|(?=[A-Za-z0-9-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9])){2,30})")
        # Insurance "ID" after a plan name: "Plan: Aetna / ID W123", "Insurance: Tricare, ID W547280786".
        # Run on the lower-cased text: the value's offsets are the text's.
        self.plan_id_re = re.compile(
            r"\b(?:insurance|plan|payer|coverage|insurer)\b[^\n:]{0,3}:?[^\n]{0,40}?\bid\b[ :#]*"
            r"(?P<val>(?=[a-z0-9-]*\d)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){3,30})")
        self.vin_re = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")
        # Gates: cheap scans that open with a character class (the engine skips ahead to it), so that the
        # costlier patterns behind them run only on the notes that can hold a match.
        self.ip_gate_re = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d|[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:")
        self.vin_gate_re = re.compile(r"[A-Z0-9]{17}")
        self.udi_re = re.compile(r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]+)*")

        # ---- dates ----
        mon_words = []
        for m in _MONTHS:
            mon_words += [m.capitalize(), m.upper()]
        mon = rf"(?:{_alt(mon_words)})\.?"
        wday = _alt([w.capitalize() for w in _WEEKDAYS] + [w.upper() for w in _WEEKDAYS])
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        ordsfx = r"(?:st|nd|rd|th)"
        year = r"(?:1[89]\d\d|20\d\d)"
        # Two passes, each guarded by its first character ((?=\d), (?=[A-Z])) so that the alternatives are
        # tried only where a date can start.
        self.date_num_re = re.compile(
            rf"(?=\d)(?<![\w/.-])(?:"
            # 2021-03-14, 2021/03/14
            rf"(?P<iso>{year}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9]))(?![\w/-]|\.\d)"
            # 03/14/2021, 3-14-21, 14.03.2021
            rf"|(?P<num>\d{{1,2}}(?P<sep>[/-])\d{{1,2}}(?P=sep)(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.\d{{1,2}}\.{year})(?![\w/]|[.-]\d)"
            # 14-Mar-2021, 14 March 2021, 14th of March, 26 JAN 2017
            rf"|(?P<dmy>{day}{ordsfx}?-(?:{mon})-(?:{year}|\d\d)(?![\d:])"
            rf"|{day}{ordsfx}?(?:[ ]|[ ]of[ ])(?:{mon})(?:(?:[ ,]|,[ ]){{1,2}}(?:{year}|'?\d\d(?![\d:])))?)(?![\w])"
            # 03/2021
            rf"|(?P<my>(?:1[0-2]|0?[1-9])/{year})(?![\w/])"
            # 3/14 (validated and context-checked in code)
            # 3/14, and a range 6/30-7/2 (validated and context-checked in code)
            rf"|(?P<md>(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:-\d{{1,2}}/\d{{1,2}}(?![\w/%]|\.\d))?)(?![\w/%]|\.\d|-\d)"
            # 14th (only "on the 14th": checked in code)
            rf"|(?P<ordinal>{day}{ordsfx})\b)")
        self.date_name_re = re.compile(
            rf"(?=[A-Z])(?<!\w)(?:"
            # March 14, 2021; Mar 14th; Sept. 3; Monday, March 14
            rf"(?P<mdy>(?:(?:{wday}),?[ ])?(?:{mon})[ ]?{day}{ordsfx}?(?![\d:.]\d|\w)(?:,?[ ]{year}(?!\d))?)"
            # Mar 2021, March of 2021
            rf"|(?P<my>(?:{mon})(?:[ ](?:of|OF))?,?[ ]{year}(?!\d))"
            # "back in November": a month name alone (a date element), kept only after a time preposition
            rf"|(?P<mon>{_alt(m.capitalize() for m in _MONTH_NAMES)})(?![\w-]))")
        self.month_before_re = re.compile(
            r"\b(?:in|since|from|until|till|during|through|last|early|late|mid|before|after|of|"
            r"between|around|by)[ -]$")
        self.ordinal_before_re = re.compile(r"\b(?:on|since|until|till|by|from|through|before|after|of)[ ]the[ ]$")
        self.md_before_re = re.compile(
            r"(?i:\b(?:on|since|from|to|through|thru|until|till|by|dated|date|dos|seen|as\s+of|starting|"
            r"started|start|beginning|began|admitted|admission|adm|discharged|discharge|dc|d/c|last|prior|before|"
            r"after|between|and|visit|appt|appointment|f/u|follow-?up|surgery|s/p|comparison|comparisons|compared|"
            r"effective|scheduled|due|expires?|exp|done|drawn|collected|performed|obtained|placed|changed|"
            r"removed|ended|stopped|held|resumed|week\s+of|weekend\s+of|night\s+of|morning\s+of|evening\s+of|"
            r"born|dob|birthday|onset|returned|return|rtc|repeat|recheck|next|today|yesterday|tomorrow|"
            r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday|for|last\s+dose|dose\s+on)\b\.?|[:@]|-)\s*$")
        self.week_of_re = re.compile(r"(?i:\b(?:week|weekend|night|morning|evening|end|middle|beginning)\s+of)\s*$")
        self.md_strong_before_re = re.compile(
            r"(?i:\b(?:on|since|dated|date|dos|seen|admitted|discharged|born|dob|visit|appt|appointment|"
            r"surgery|s/p|starting|started|until|as\s+of|post|cabg|mi|cath|xrt|extubated|intubated|placed)\b\.?)\s*:?\s*$")
        # lower-case month and year ("nov. 2016"; run on the lower-cased text)
        self.month_year_low_re = re.compile(rf"\b(?:{_alt(_MONTHS)})\.?(?:[ ]of)?,?[ ]{year}(?!\d)")
        # a fraction: "1 1/2 tabs", "1/2 ns"
        self.mixed_fraction_re = re.compile(r"(?<![\d.])\d[ ]$")
        self.fraction_after_re = re.compile(r"\s*(?i:ns|nss|normal|strength|tabs?|tablets?|dose|cup|amp)\b")
        # ventilator settings ("cpap/ps 10/5", "psv 12/5/40%"), never dates
        self.vent_before_re = re.compile(
            r"(?i:\b(?:ps|psv|ips|eps|cpap|bipap|peep|pip|vent|mode|settings|simv|imv|a/c|pressure\s+support|"
            r"trach\s+mask|fio2)\b)(?:[^.;\n]|\.\d){0,25}$")
        self.md_in_re = re.compile(r"(?:^|[ (])(?:[Ii]n|IN)[ ]$")
        self.md_time_after_re = re.compile(r"\s*(?:@|at)?\s*\d{1,2}:\d{2}")
        self.md_after_re = re.compile(
            r"\s*(?:\d{4}\b|\d{1,2}:\d{2}|@|at\s+\d|(?i:to|through|thru|until|and|-)\s*\d{1,2}/\d{1,2}\b)")
        self.md_block_re = re.compile(
            r"(?i:\b(?:pain|strength|motor|power|murmur|grade|score|scale|gcs|apgars?|ratio|bp|blood\s+pressure|"
            r"pressure|tab|tabs|tablet|tablets|of|x|times|fev1|fvc|rass|vision|visual\s+acuity|va|"
            r"reflexes|dtrs?|pulses?|rate|g|p|para|gravida|sat|spo2|o2|ph|ratio|mmhg)\b\.?|[/=*+]|\bx)\s*:?\s*$")
        self.md_after_block_re = re.compile(
            r"\s*(?i:strength|pain|murmur|scale|score|power|tab|tabs|tablets?|cup|of|mmhg|mm|cm|kg|mg|ml|"
            r"dose|doses|th|ns|trocars?|ports?|normal|bilat|bilaterally|[a-z]*strength|throughout|motor|reflex|pulses?|systolic|"
            r"diastolic|holosystolic|sem|hours?|hrs?|days?|weeks?|months?|years?|inch|inches|ratio|"
            r"(?:pan|holo|early|mid|late)?-?systolic)\b")
        self.ordinal_after_re = re.compile(
            r"\s*(?:$|[.,;:!?)\n]|(?i:at|of\s+(?:this|that|last|next|the)?\s*(?:month|" + _alt(_MONTHS) +
            r")|when|where|in|for|to|with|but|he|she|they|we|i|was|is|which|after|before|around)\b)")

        # ---- ages 90+: the number first, then its context ----
        self.age_num_re = re.compile(r"(?=[19])(?<![\w.$/-])(?:9\d|1[01]\d)(?![\d]|[.,]\d)")
        # 92-year-old, 95 yo, (101 y), 97 F, 104M, 103/F
        self.age_unit_re = re.compile(
            r"(?i:[ -]?(?:years?|yrs?|y\.?o\.?|yo|y/o|yr?s?\.?)(?:[ -]?old)?\b|[ ]?(?:yo|y)\b|[ ]?/?[ ]?(?:male|female)\b"
            r"|-?(?:year|yr)-old)|[ ]?/?[ ]?[MF]\b")
        # age: 101, aged 95, died at age 97, lived to 95, mother is 96 (searched in the lower-cased text)
        self.age_cue_re = re.compile(
            r"\b(?:age[ds]?|aged|age\s+of|at\s+age|lived\s+to|died\s+at|age/sex)[ \t]*:?[ \t]*$"
            r"|\b(?:he|she|patient|pt|mother|father|mom|dad|husband|wife|sister|brother|aunt|uncle|"
            r"grandmother|grandfather|spouse|partner|who)\s+(?:is|was)\s+(?:now\s+)?$")
        self.quantity_re = re.compile(
            r"[\w%/]|\.\d|[ ]?(?:%|mg|kg|lb|lbs|cm|mm|bpm|mmhg|percent|degrees|ml)\b|[ ](?:to|times|x|fold)\b")
        self.temp_before_re = re.compile(r"\b(?:t|temp|temperature|tmax|tm|tc|pulse|hr|rr|sat|sats|spo2|o2|"
                                         r"bp|weight|wt|glucose|bg|fsbg|hgb|hct|plt|wbc|na|k|cl|bun|cr|score|"
                                         r"ef|sbp|dbp|map|rate)\b[\s:=]*(?:of|was|is)?\s*$")

        # ---- addresses ----
        from faker.providers.address.en_US import Provider as _UsAddresses  # the USPS street suffixes

        sfx = rf"(?:{_alt(_STREET_SUFFIX.split('|') + list(_UsAddresses.street_suffixes))})"
        direction = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?"
        street_word = rf"(?:[{up}][{lo}]+|[{up}]{{2,}}|\d{{1,3}}(?:st|nd|rd|th)|[{up}]\.)"
        unit = rf"(?:,?[ ]+{_UNIT}\.?[ ]?#?[ ]?[A-Za-z0-9-]{{1,6}}|[ ]+#[A-Za-z0-9-]{{1,6}})"
        # Three patterns, each opening with a plain character class: the regex engine then skips ahead to
        # candidate characters, where a leading lookahead would be tried at every position.
        self.address_re = re.compile(
            rf"[1-9](?<![\w.,/-].)\d{{0,5}}[A-Z]?(?:-\d{{1,4}})?[ ]+(?:{direction}[ ]+)?"
            rf"(?:{street_word}[ ]+){{0,3}}{street_word}[ ]+{sfx}\b\.?(?:[ ]+{direction}(?!\w))?{unit}?")
        self.pobox_re = re.compile(r"\b(?:p\.?[ ]?o\.?|post[ ]office)[ ]?box[ ]+\d{1,6}")  # on the lower-cased text
        self.bare_street_re = re.compile(  # "lives on Maple Street": no number
            rf"\b(?:[Oo]n|[Aa]t|[Nn]ear|[Oo]ff)[ ](?P<bare>(?:[{up}][{lo}]+[ ]){{1,2}}"
            rf"(?:{'|'.join(_BARE_STREET_WORDS)}))\b")
        self.timed_entry_re = re.compile(rf"(?:[01]\d|2[0-3])[0-5]\d[ ]+[{up}][{lo}]+ed[ ]")
        # City before a state (+ ZIP). City words exclude street suffixes so the street line stays out.
        city_word = (rf"(?!(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Way|"
                     rf"Place|Pl|Terrace|Parkway|Pkwy|Pike|Highway|Hwy|Trail|Run|Apt|Suite|Ste|Unit|Box|Fl)\b)"
                     rf"(?:[{up}][{lo}]+(?:-[{up}][{lo}]+)?|[{up}]{{2,}}|St\.|Ft\.|Mt\.)")
        city = rf"(?P<city>{city_word}(?:[ ]{city_word}){{0,3}})"
        st_abbr = "|".join(_STATE_ABBR)
        self.city_state_re = re.compile(
            rf"(?=[A-Z])(?<!\w){city}(?:,?[ ]+(?P<st>{st_abbr})\b\.?,?[ ]+(?P<zip>\d{{5}}(?:-\d{{4}})?)(?![\w-])"
            rf"|,[ ]?(?P<stname>{_STATE_NAMES})\b(?:,?[ ]+(?P<zip2>\d{{5}}(?:-\d{{4}})?)(?![\w-]))?"
            rf"|,[ ](?P<st2>{st_abbr})(?!\w))")
        self.state_gate_re = re.compile(rf",[ ]?(?:{st_abbr}|{_STATE_NAMES})\b")  # opens with a plain ","
        self.place_prep_re = re.compile(r"\b(?:in|from|near|lives|resides|residing|of)[ ]$")
        self.state_zip_re = re.compile(r"[A-Z](?<![\w-].)[A-Z](?!\w)\.?,?[ ](?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
        self.zip_cue_re = re.compile(r"zip(?:\s*code)?\s*[:#]?\s*(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
        self.after_addr_city_re = re.compile(rf"(?:[ ]*,[ ]*|[ ]*\n[ \t]*){city}(?=[ ]*(?:[),;.\n]|$))")
        # After a place cue ("lives", "moved"), within the same sentence, a preposition and a capitalised
        # place (Titlecase only: "moved to ICU" is not a city).
        city_tc = rf"(?P<city>(?:(?:St|Ft|Mt)\.[ ])?[{up}][{lo}]+(?:-[{up}][{lo}]+)?(?:[ ][{up}][{lo}]+){{0,2}})(?!\w)"
        same_sentence = r"(?:[^.;:\n]|(?:(?<=Mr|Ms|Dr|St|Jr|Sr)|(?<=Mrs))\.)"
        self.place_in_re = re.compile(rf"{same_sentence}{{0,60}}?\b(?:[Ii]n|[Ff]rom|[Nn]ear)[ ](?:the[ ])?{city_tc}")
        self.place_to_re = re.compile(rf"[ ](?:here[ ]|back[ ])?(?:to|of)[ ](?:the[ ])?{city_tc}")
        self.place_more_re = re.compile(rf"{same_sentence}{{0,40}}?\b(?:[Tt]o|[Ff]rom)[ ](?:the[ ])?{city_tc}(?![ ]\d)")
        self.place_office_re = re.compile(rf"[ ]{city_tc}(?=[ ](?:office|clinic|location|site|campus))")
        # on the lower-cased text; the city's capital and the word boundary before are checked in code
        self.next_capital_re = re.compile(rf"[ ][{up}]")
        self.gazetteer_re = re.compile(rf"(?:in|from|near)[ ](?P<gcity>{_trie(self._city_names)})(?!\w)")

        # ---- facilities: a head word first ("Hospital"), then the capitalised words before it ----
        self.facility_head_re = re.compile(rf"(?=[A-Z])\b(?:{_trie(_FACILITY_HEADS.split('|'), lower=False)})"
                                           r"(?!\w)(?!['\u2019](?!s\b))")
        # the capitalised words (and "of", "and", "&") right before the head word, on the same line
        self.facility_before_re = re.compile(
            rf"(?:(?:[{up}][\w'\u2019.-]*|&|and|of|for|the)[ ]){{1,6}}$")
        self.facility_of_re = re.compile(rf"[ ]of[ ](?:the[ ])?[{up}][{lo}]+(?:[ ][{up}][{lo}]+){{0,3}}(?!\w)")
        self.facility_after_re = re.compile(
            r"[ ](?i:course|report|stay|admission|policy|days?|records?|visit|bill|number|services|note|"
            r"organization|administration|sciences|program|insurance|plan|statistics|survey|act)\b")
        self.facility_other_re = re.compile(
            rf"(?=[TGVRCMPELHSU])\b(?:(?P<at>(?:The[ ])?(?:Gardens|Villages?|Residences?|Terraces?|Commons|Pavilion|"
            rf"Courtyards?|Meadows|Pointe|Estates|Landing|Manor|Heights)[ ]at[ ][{up}][{lo}]+(?:[ ][{up}][{lo}]+){{0,2}})"
            rf"|(?P<saint>(?:St\.?|Saint)[ ][{up}][{lo}]+['\u2019]s)(?!\w))")
        self.pharmacy_ctx_re = re.compile(r"pharmacy|rx|meds|medications|prescriptions?|refills?|pick[ -]?up")
        self.payer_before_re = re.compile(r"(?:insurance|payer|plan|insurer|coverage|carrier|updated)\s*:?\s*$")

        # ---- place cues: a word that puts a city after it ("lives in", "moved to", "at our") ----
        self.place_trigger_re = re.compile(rf"\b(?:{_trie(_PLACE_TRIGGERS)})(?!\w)")
        self.ssn_cue_re = re.compile(
            r"\b(?:ssn|ss#|ss\s*no\.?|soc(?:ial)?\s*sec(?:urity)?(?:\s*(?:number|no\.?|#))?)"
            r"(?:\s*\(?(?:last\s*(?:4|four))\)?)?\s*[:#]?\s*,?\s*(?:is\s*)?\(?(?:xxx|\*{3})?[- ]?(?:xx|\*{2})?[- ]?"
            r"(?P<val>\d{3}[- ]?\d{2}[- ]?\d{4}|\d{4})(?![\w-])"
            r"|\blast\s+(?:4|four)\s+(?:digits\s+)?of\s+(?:the\s+)?(?:ssn|social(?:\s+security)?)\s*\(?[:#]?\s*"
            r"(?P<val2>\d{4})(?!\d)")
        self.ssn_re = re.compile(r"[0-8](?<![\w-].)(?<!000)(?<!666)\d\d(?<!000)(?<!666)-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")


# ---------------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------------

_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
_RES: _Resources | None = None
_RES_LOCK = threading.Lock()


def _resources() -> _Resources:
    global _RES
    if _RES is None:
        with _RES_LOCK:
            if _RES is None:
                _RES = _Resources()
    return _RES


class _Spans:
    """Candidate collector: (start, end, label, recognizer, score)."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str, str, float]] = []

    def add(self, start: int, end: int, label: str, recognizer: str, score: float) -> None:
        if end > start:
            self.items.append((start, end, label, recognizer, score))

    def resolve(self) -> list[PhiSpan]:
        """Greedy by score, then length: keep a span only if it overlaps none kept so far."""
        starts: list[int] = []
        kept: list[tuple[int, int, str, str, float]] = []
        for item in sorted(self.items, key=lambda t: (-t[4], t[0] - t[1], t[0])):
            s, e = item[0], item[1]
            i = bisect.bisect_right(starts, s)
            if i and kept[i - 1][1] > s:
                continue
            if i < len(kept) and kept[i][0] < e:
                continue
            starts.insert(i, s)
            kept.insert(i, item)
        return [PhiSpan(*item) for item in kept]


def detect(text: str) -> list[PhiSpan]:
    """PHI spans in English clinical text: sorted by start, non-overlapping. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    res = _resources()
    spans = _Spans()
    low = text.lower()  # for case-insensitive cue scans; offsets must stay those of text
    if len(low) != len(text):
        low = text.translate(_ASCII_LOWER)
    for recognizer in _RECOGNIZERS:
        try:
            recognizer(text, low, res, spans)
        except Exception:  # noqa: BLE001 - one faulty recognizer must not drop the others' spans
            continue
    return spans.resolve()


# -- shapes -----------------------------------------------------------------------------------------

def _shapes(text: str, low: str, res: _Resources, out: _Spans) -> None:
    if "@" in text:
        for m in res.email_re.finditer(text, max(0, text.find("@") - 64)):
            out.add(m.start(), m.end(), "EMAIL", "en.email", 0.99)
    if "://" in text or "www." in low:
        for m in res.url_re.finditer(text):
            out.add(m.start(), _strip_trailing(text, m.start(), m.end()), "URL", "en.url", 0.97)
    if "/" in text and any(f".{tld}/" in low for tld in _URL_TLDS):
        for m in res.domain_url_re.finditer(low):
            out.add(m.start(), _strip_trailing(text, m.start(), m.end()), "URL", "en.url", 0.9)
    if "(01)" in text:
        for m in res.udi_re.finditer(text):
            out.add(m.start(), m.end(), "DEVICE", "en.udi", 0.95)
    if not res.ip_gate_re.search(text):
        return _vins(text, res, out)
    for m in res.ipv4_re.finditer(text):
        if text[max(0, m.start() - 4):m.start()].rstrip(" :").endswith("EC"):
            continue  # enzyme numbers: "EC 1.1.1.1"
        out.add(m.start(), m.end(), "IP_ADDRESS", "en.ip", 0.95)
    for m in res.ipv6_re.finditer(text):
        v = m.group()
        groups = [g for g in v.split(":") if g]
        if ("::" in v and len(groups) >= 2) or (len(groups) >= 5 and any(c.isalpha() for c in v)):
            out.add(m.start(), m.end(), "IP_ADDRESS", "en.ip", 0.93)
    _vins(text, res, out)


def _vins(text: str, res: _Resources, out: _Spans) -> None:
    if not res.vin_gate_re.search(text):
        return
    for m in res.vin_re.finditer(text):
        v = m.group()
        if sum(c.isdigit() for c in v) >= 3 and sum(c.isalpha() for c in v) >= 2:
            out.add(m.start(), m.end(), "VEHICLE", "en.vin", 0.85)


def _strip_trailing(text: str, s: int, e: int) -> int:
    """End of a URL without the sentence punctuation after it."""
    while e > s and text[e - 1] in ".,;:!?)]}'\"":
        e -= 1
    return e


def _phones(text: str, low: str, res: _Resources, out: _Spans) -> None:
    if "pg" in low or "page" in low or "beeper" in low:
        for m in res.pager_re.finditer(low):
            out.add(m.start("val"), m.end("val"), "PHONE", "en.phone.pager", 0.85)
    for m in res.phone_re.finditer(text):
        s, e = m.start(), m.end()
        last = None  # the nearest cue before the number decides phone or fax
        for c in res.phone_cue_re.finditer(low, max(0, s - 40), s):
            last = c
        bare = m.group("bare")
        if bare is not None:
            # Ten bare digits are as often an MRN, NPI or account number: those cues score higher and win
            # overlaps. Without any cue, only a valid NANP number (area and exchange start 2-9) is taken.
            digits = bare[1:11] if len(bare) > 10 and bare[0] == "1" and bare[1:11].isdigit() else bare[:10]
            if last is None and (digits[0] in "01" or digits[3] in "01"):
                continue
            score = 0.75 if last is not None else 0.6
        else:
            score = 0.9
        if last is not None and last.group("fax") is not None:
            out.add(s, e, "FAX", "en.fax", score + 0.03)
        else:
            out.add(s, e, "PHONE", "en.phone", score)


def _ssn(text: str, low: str, res: _Resources, out: _Spans) -> None:
    if "ssn" in low or "ss#" in low or "ss no" in low or "soc" in low:
        for m in res.ssn_cue_re.finditer(low):  # a cue: any 9 digits, or the last four
            group = "val" if m.group("val") is not None else "val2"
            out.add(m.start(group), m.end(group), "SSN", "en.ssn", 0.97)
    if "-" in text:
        for m in res.ssn_re.finditer(text):  # shape alone: 3-2-4 groups
            out.add(m.start(), m.end(), "SSN", "en.ssn", 0.86)


# First words of the identifier cues in _Resources (id_cues): every cue starts with one of these.
_ID_CUE_HEADS = """
licen lic plate tag vin passport sin social aadha curp national canadian alien a-number nhs green permanent itin ni
personnummer state driver dl dea npi certificate cert board serial s/n sn lot device udi model ra rv lv atrial
ventricular imei mac member subscriber policy group insurance plan payer beneficiary benefit medicare mbi hicn medicaid
visit acc bank billing checking savings fin har encounter claim invoice guarantor routing credit mr med record unit
hospital chart patient pt accession exam study specimen case empi pid requisition order
""".split()

# Cue words that also mean other things ("a lot", "member of", "case 2"): their value needs 4+ digits.
_WEAK_ID_CUES = frozenset("member lot group case order study sin fin har pid tag".split())


def _ids(text: str, low: str, res: _Resources, out: _Spans) -> None:
    last = 0
    for head in res.id_head_re.finditer(low):
        if head.start() < last:
            continue  # "record" inside "medical record number"
        m = res.id_cue_re.match(low, head.start())
        if m is None:
            continue
        last = m.end()
        v = res.id_val_re.match(text, m.end())
        if v is None:
            continue
        label = m.lastgroup[2:]
        s, e = v.span("val")
        value = v.group("val")
        if " " in value and label != "VEHICLE" and not value.replace(" ", "").isdigit():
            continue  # letters and a space are a plate; anywhere else the value ends at the space
        digits = sum(c.isdigit() for c in value)
        if not digits or sum(c.isalnum() for c in value) < (5 if label == "VEHICLE" else 4):
            continue  # "lot 5", "plate C3-C5", "serial CK-MB": counts, levels and lab names
        if digits < 4 and low[m.start():m.end()] in _WEAK_ID_CUES:
            continue  # "a cloned member (Dm103)"
        out.add(s, e, label, f"en.id.{label.lower()}", 0.96)
    for m in res.plan_id_re.finditer(low):
        out.add(m.start("val"), m.end("val"), "HEALTH_PLAN", "en.id.health_plan", 0.95)


# -- dates and ages ---------------------------------------------------------------------------------

def _valid_md(m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31


def _dates(text: str, low: str, res: _Resources, out: _Spans) -> None:
    for m in res.date_name_re.finditer(text):
        if m.group("mon"):
            if res.month_before_re.search(low, max(0, m.start() - 9), m.start()):
                out.add(m.start(), m.end(), "DATE", "en.date.month", 0.75)
        elif m.group("mdy"):
            # "May 5" without a year: "May" is a verb too (only the capitalised month is matched)
            out.add(m.start(), m.end(), "DATE", "en.date.text", 0.8 if m.group()[:3] == "May" else 0.92)
        else:
            out.add(m.start(), m.end(), "DATE", "en.date.month_year", 0.9)
    if "19" in low or "20" in low:
        for m in res.month_year_low_re.finditer(low):
            out.add(m.start(), m.end(), "DATE", "en.date.month_year", 0.85)
    if "/" not in text and "-" not in text and "." not in text and " " not in text:
        return
    for m in res.date_num_re.finditer(text):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind == "iso":
            out.add(s, e, "DATE", "en.date.iso", 0.95)
        elif kind == "num" or kind == "sep":
            if text.startswith("%", e) or res.vent_before_re.search(text, max(0, s - 30), s):
                continue  # "psv 12/5/40%": ventilator settings
            parts = re.split(r"[/.-]", m.group("num"))
            a, b = int(parts[0]), int(parts[1])
            if _valid_md(a, b) or _valid_md(b, a):
                out.add(s, e, "DATE", "en.date.numeric", 0.93)
        elif kind == "dmy":
            out.add(s, e, "DATE", "en.date.text", 0.94)
        elif kind == "my":
            out.add(s, e, "DATE", "en.date.month_year", 0.9)
        elif kind == "ordinal":
            if res.ordinal_before_re.search(low, max(0, s - 16), s) and res.ordinal_after_re.match(text, e):
                out.add(s, e, "DATE", "en.date.ordinal", 0.7)
        else:
            _month_day(text, res, m, out)


def _month_day(text: str, res: _Resources, m, out: _Spans) -> None:
    """A bare 3/14: a date only with date context; scores, fractions and strengths are not."""
    mm, dd = int(m.group("m")), int(m.group("d"))
    s, e = m.start(), m.end()
    if s and text[s - 1] in ":+":
        return
    if res.vent_before_re.search(text, max(0, s - 30), s):
        return
    before = text[max(0, s - 30):s]
    after = text[e:e + 25]
    if mm < dd and (dd in (2, 3, 4, 8) and res.mixed_fraction_re.search(before) or res.fraction_after_re.match(after)):
        return
    strong = res.md_strong_before_re.search(before)
    if strong and mm == dd and strong.group().strip(" :").lower() == "on":
        strong = None  # "weaning on 5/5": pressure support and PEEP
    if res.week_of_re.search(before) or (strong and _valid_md(mm, dd)):
        out.add(s, e, "DATE", "en.date.month_day", 0.8)  # "the last week of 03/05", "as of 02/01"
        return
    if res.md_block_re.search(before) or res.md_after_block_re.match(after):
        return
    padded_day = m.group("d")[0] == "0"
    if (mm == dd or (mm <= 5 and dd <= 5)) and not padded_day and not res.md_time_after_re.match(after):
        return  # "5/5 proximally, 5/4 @ elbow", "pupils 4/4 decreasing to 2/2": strength and exam grades
    if 1 <= mm <= 12 and len(m.group("d")) == 2 and dd > 31:
        # m/yy: "a stroke in 11/90", "CABG 4/97": a month and a two-digit year
        out.add(s, e, "DATE", "en.date.month_year", 0.7)
        return
    if res.md_in_re.search(before) and 1 <= mm <= 12:
        out.add(s, e, "DATE", "en.date.month_day", 0.75)  # "in 10/16", "in 11/00": a month and a day or year
        return
    if not _valid_md(mm, dd):
        return
    if dd == 10 and "pain" in text[max(0, s - 60):s].lower():
        return  # "pain worse with movement, 9/10"
    # notes write dates without a year ("cx 8/30 pending"); ratios, scores and settings were ruled out above
    out.add(s, e, "DATE", "en.date.month_day", 0.75)


def _ages(text: str, low: str, res: _Resources, out: _Spans) -> None:
    for m in res.age_num_re.finditer(text):
        s, e = m.start(), m.end()
        if not res.age_unit_re.match(text, e):  # "92-year-old", "95 yo", "97 F", "100/M"
            if res.quantity_re.match(low, e) or not res.age_cue_re.search(low, max(0, s - 30), s):
                continue  # "aged 95", "mother is 96"; not "95%" or "95 mg"
        if res.temp_before_re.search(low, max(0, s - 25), s):
            continue  # "T 98 F", "HR 92": vitals, not ages
        out.add(s, e, "AGE", "en.age", 0.9)


# -- places -----------------------------------------------------------------------------------------

def _places(text: str, low: str, res: _Resources, out: _Spans) -> None:
    addr_ends: list[int] = []
    for m in res.address_re.finditer(text):
        s, e = m.span()
        if res.timed_entry_re.match(text, s):
            continue  # "1400 Paged Dr. Lee": a nursing time stamp and a verb, not a street
        if text[e - 1] == "." and text[s:e - 1].rsplit(" ", 1)[-1] not in _STREET_ABBREVIATIONS:
            e -= 1  # "Hollow Road." ends a sentence; "Main St." keeps its point
        out.add(s, e, "ADDRESS", "en.address", 0.9)
        addr_ends.append(e)
    if "box" in low:
        for m in res.pobox_re.finditer(low):
            out.add(m.start(), m.end(), "ADDRESS", "en.address", 0.9)
            addr_ends.append(m.end())
    if any(w in text for w in _BARE_STREET_WORDS):
        for m in res.bare_street_re.finditer(text):
            out.add(m.start("bare"), m.end("bare"), "ADDRESS", "en.address", 0.8)
            addr_ends.append(m.end("bare"))
    state_zips = [m for m in res.state_zip_re.finditer(text) if text[m.start():m.start() + 2] in _STATE_ABBR_SET]
    for m in (res.city_state_re.finditer(text) if state_zips or res.state_gate_re.search(text) else ()):
        s, e = m.start("city"), m.end("city")
        city = m.group("city")
        if city.lower() in res.states or city.split()[0].lower() in _STOP_WORDS \
                or city.rsplit(" ", 1)[-1].lower() in _INSTITUTION_WORDS:
            continue  # "Walter Reed Hospital, Washington" names an institution, not a city
        if m.group("st2") is not None:
            # "City, ST" alone collides with "Smith, MD": accept only next to a street line or a known city.
            if city.lower() not in res.cities and not any(0 <= s - a <= 3 for a in addr_ends) and not (
                    m.group("st2") not in _AMBIGUOUS_CREDENTIALS and m.group("st2") != "MD" and res.place_prep_re.search(low, max(0, s - 8), s)):
                continue
        out.add(s, e, "CITY", "en.city.state", 0.88)
        zip_group = "zip" if m.group("zip") is not None else "zip2"
        if m.group(zip_group) is not None:
            out.add(m.start(zip_group), m.end(zip_group), "ZIP", "en.zip", 0.9)
    for a in addr_ends:
        m = res.after_addr_city_re.match(text, a)
        if m and m.group("city").lower() not in res.states:
            out.add(m.start("city"), m.end("city"), "CITY", "en.city.address", 0.8)
    for m in state_zips:  # "(AL 75644)": a state and a ZIP without the city
        out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip", 0.85)
    for m in res.zip_cue_re.finditer(text):
        out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip", 0.9)
    for t in res.place_trigger_re.finditer(low):
        kind = _PLACE_TRIGGERS[t.group()]
        m = res.place_office_re.match(text, t.end()) if kind == "office" else (
            (kind == "to" and res.place_to_re.match(text, t.end())) or res.place_in_re.match(text, t.end()))
        while m:
            group = m.lastgroup
            words = m.group(group).split()
            while words and words[-1].lower() in res.states:
                words.pop()
            if any(w.lower() in _STOP_WORDS for w in words):
                words = []  # "the Intensive Care Unit", "Recovery Room": a ward, not a town
            name = " ".join(words).lower()
            if words and words[0].lower() not in _STOP_WORDS and name not in res.states \
                    and name not in _NOT_CITIES and words[0].lower().rstrip(".") not in _MONTHS \
                    and words[0].lower() not in _WEEKDAYS and not all(w.lower() in res.common for w in words):
                s = m.start(group)
                out.add(s, s + len(" ".join(words)), "CITY", "en.city.context", 0.75)
            m = res.place_more_re.match(text, m.end())  # "Moved to Dover from Salem"
    for m in res.gazetteer_re.finditer(low):
        s, e = m.span("gcity")
        if (m.start() and low[m.start() - 1].isalnum()) or not text[s].isupper() or text[s:e] not in res.city_set \
                or res.next_capital_re.match(text, e):
            continue  # "in Jackson Memorial": the start of a longer name
        out.add(m.start("gcity"), m.end("gcity"), "CITY", "en.city.gazetteer", 0.7)


def _facilities(text: str, low: str, res: _Resources, out: _Spans) -> None:
    for m in res.facility_head_re.finditer(text):
        s, e = m.start(), m.end()
        if res.facility_after_re.match(text, e):
            continue  # "Hospital Course", "Health Insurance": a heading or a program, not a place
        before = res.facility_before_re.search(text, max(0, s - 80), s)
        if before:
            s = before.start()
        of = res.facility_of_re.match(text, e)  # "Hospital of the University of Pennsylvania"
        if of:
            e = of.end()
        words = text[s:e].split()
        while words and words[0].lower() in _FACILITY_LEAD_WORDS:
            s = text.index(words[1], s + len(words[0])) if len(words) > 1 else e
            words.pop(0)
        if len(words) < 2 or res.payer_before_re.search(low, max(0, s - 30), s):
            continue
        if words[-1] in ("Drug", "Drugs") and not res.pharmacy_ctx_re.search(low, max(0, s - 40), s):
            continue  # "Springdale Drug" is a pharmacy where prescriptions go; "Narcotic Drugs" is not
        if not _has_distinct(words, res):
            continue  # "the Device Clinic", "Cardiology Clinic": a department, not a named place
        out.add(s, e, "FACILITY", "en.facility", 0.85)
    if "at " in text or "St" in text or "Saint" in text:
        for m in res.facility_other_re.finditer(text):
            if m.group("at"):
                out.add(m.start("at"), m.end("at"), "FACILITY", "en.facility", 0.85)
            else:
                out.add(m.start("saint"), m.end("saint"), "FACILITY", "en.facility.saint", 0.7)


# Words that open a capitalised run without being part of the facility's name ("To Mercy Hospital").
_FACILITY_LEAD_WORDS = frozenset("""
the a an our this your per at to from and of in his her their for with by transferred admitted discharged
seen followed presented sent via
""".split())


def _has_distinct(words: list[str], res: _Resources) -> bool:
    """A facility name needs one word that is not a generic department or service word."""
    for w in words:
        lw = w.lower().rstrip("'\u2019s") if w.lower().endswith(("'s", "\u2019s")) else w.lower()
        if lw not in _GENERIC_FACILITY_WORDS and lw not in _FACILITY_HEAD_WORDS and not _english_like(lw):
            return True
    return False


# -- names ------------------------------------------------------------------------------------------

def _tokens(res: _Resources, text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in res.name_tok_re.finditer(text, s, e)]


def _is_initial(tok: str) -> bool:
    return len(tok) <= 2 and tok[0].isupper() and (len(tok) == 1 or tok[1] == ".")


def _name_span(text: str, res: _Resources, s: int, e: int, strength: str) -> tuple[int, int] | None:
    """Trims a cue-found candidate and checks it looks like a name.

    strength "strong" (title before, credential after): anything but stop words;
    "label" (Patient:, Dear, his wife ...): a list name or an unknown word, not only common words;
    "weak" (seen by, discussed with): needs a name-list word that is not a common word.
    """
    toks = _tokens(res, text, s, e)
    stop = _FUNCTION_WORDS if strength == "strong" else _STOP_WORDS
    while toks and toks[-1][2].lower().rstrip(".") in stop:
        toks.pop()
    while toks and toks[0][2].lower().rstrip(".") in stop:
        toks.pop(0)
    if strength != "strong":  # a sentence-initial "Later Mitchell reported": "Later" is no part of the name
        while len(toks) > 1 and toks[0][2].lower() in res.common and toks[0][2].lower() not in res.first:
            toks.pop(0)
    if not toks:
        return None
    words = [t[2] for t in toks if not _is_initial(t[2])]
    span = (toks[0][0], toks[-1][1])
    if not words:
        # initials only: "Dr. X" placeholders are names; "Patient: A" is not evidence enough
        return span if strength == "strong" else None
    if strength == "strong":
        return span
    lows = [w.lower() for w in words]
    if strength == "strict":
        if text.startswith(":", span[1]) or res.eponym_after_re.match(text, span[1]) or any(w.isupper() for w in words):
            return None  # "Patient Instructions:" is a heading
        return span if _all_namelike(lows, res) and (len(words) >= 2 or lows[0] in res.first_ok) else None
    if res.eponym_after_re.match(text, span[1]) or any(w in _NOT_CITIES for w in lows):
        return None  # "with Sjogren's syndrome", "from Australia"
    listed = [w in res.first_ok or w in res.last_ok for w in lows]
    if strength == "weak":  # acronyms and two-letter words ("with GERD", "with Fe") are not evidence
        return span if any(ok and not words[i].isupper() and len(words[i]) > 2 for i, ok in enumerate(listed)) \
            else None
    # unknown words (not listed, not common English) pass: lists miss many names, and drugs or
    # inflected words are filtered by their endings; a common word passes if it is a first name ("Frank")
    unknown = any(w not in res.blocked and w not in res.first and w not in res.last and not words[i].isupper()
                  and not _english_like(w) for i, w in enumerate(lows))
    first_word = any(w in res.first and w not in _STOP_WORDS and not words[i].isupper() for i, w in enumerate(lows))
    if any(listed) or unknown or first_word or (len(toks) >= 2 and any(w in res.first or w in res.last for w in lows)):
        return span  # the last test: "K. Walker", "Grace Parkinson"
    if len(words) >= 2 and all(w.isupper() for w in words) and _all_namelike(lows, res):
        return span  # "Patient Name: TESFAYE, MEI-LING"
    return None


def _all_namelike(lows: list[str], res: _Resources) -> bool:
    """Every word is a name-list entry that is not a common word, or an unknown non-English-looking word."""
    return all(w not in res.blocked and (w in res.first_ok or w in res.last_ok or (
        w not in res.first and w not in res.last and not _english_like(w))) for w in lows)


def _english_like(word: str) -> bool:
    """Ends like an English word or a drug name ("discharged", "lisinopril"); "Mei-Ling" does not."""
    tail = word.rsplit("-", 1)[-1]
    return any(tail.endswith(sfx) and len(tail) - len(sfx) >= 4 for sfx in _ENGLISH_SUFFIXES)


_CUE_KIND = {  # cue -> (strength, recognizer, score)
    "title": ("strong", "en.name.title", 0.95), "label": ("label", "en.name.label", 0.9),
    "by": ("label", "en.name.label", 0.9), "verb": ("weak", "en.name.cue", 0.85),
    "rel": ("label", "en.name.relation", 0.85), "person": ("label", "en.name.label", 0.85),
    "dash": ("strong", "en.name.signature", 0.85), "cred": ("strong", "en.name.credential", 0.9),
    "credweak": ("weak", "en.name.credential", 0.85), "line": ("weak", "en.name.line", 0.75),
    "after": ("weak", "en.name.verb", 0.8), "list": ("list", "en.name.list", 0.8),
    "last_first": ("list", "en.name.last_first", 0.8),
    "bare": ("strict", "en.name.label", 0.85),
}
# "Patient Jane Roe was seen": no colon, so every word must look like a name ("Patient Portal" must not).
_BARE_CUES = ("patient", "pt", "the patient", "patient is", "patient was")
# Credentials that are also words or abbreviations ("Thus PA production", "TO DO"): weak without a comma.
_AMBIGUOUS_CREDENTIALS = frozenset("PA DO NP RD PT OT CNS EMT MS DC OD".split())
_CREDENTIAL_WORDS = frozenset(c.replace("\\", "").replace(".", "") for c in _CREDENTIALS)
_TITLE_WORDS = frozenset("mr mrs ms miss mx dr drs prof professor doctor".split())
_PERSON_WORDS = frozenset("woman man gentleman lady female male girl boy patient pt".split())


def _chain_tokens(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Tokens of a chain of capitalised words, possessive "'s" and a final full stop dropped."""
    toks = []
    pos = s
    for word in text[s:e].split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        core = word
        if core.endswith((".", ",")) and len(core) > 2:
            core = core[:-1]
        if core.endswith(("'s", "\u2019s")):
            core = core[:-2]
        if core:
            toks.append((start, start + len(core), core))
    return toks


def _names(text: str, low: str, res: _Resources, out: _Spans) -> None:
    found: list[tuple[int, int]] = []

    def add(span, kind):
        strength, rec, score = _CUE_KIND[kind]
        if span:
            out.add(span[0], span[1], "NAME", rec, score)
            found.append(span)

    _signature_dashes(text, low, res, add)
    # Forward cues: the name starts where the cue ends.
    for m in res.cue_scan_re.finditer(low):
        word = m.group("cue")
        for kind in res.cue_kinds.get(word) or res.cue_kinds.get(res.space_re.sub(" ", word), ()):
            if kind == "title":
                cue_text = text[m.start():m.end()]
                if not cue_text[0].isupper() or (cue_text.isupper() and not text.startswith(".", m.end())):
                    continue  # "dr" in running text; "DR" without a full stop is a model name
                if cue_text == "Dr" and text[m.end():m.end() + 1] != "." \
                        and res.street_before_re.search(text, max(0, m.start() - 40), m.start()):
                    continue  # "8507 Walnut Dr  Marshbury": a street, not a doctor
            if word == "name" and res.thing_name_re.search(low, max(0, m.start() - 20), m.start()):
                continue  # "Model Name:", "Drug Name:": a thing's name
            tail = res.cue_tails[kind].match(text, m.end())
            if tail is None:
                continue
            pos = tail.end()
            if kind == "title":
                nm = res.title_name_re.match(text, pos)
                if nm and text[m.start():m.end()].isupper() and not nm.group().isupper():
                    kind = "verb"  # "MR. Speech, no aphasia": an all-caps title before a titlecase word
            else:
                t = res.opt_title_re.match(text, pos)
                if t:  # "Attending: Dr. Young": the title decides
                    pos, kind = t.end(), "title"
                nm = res.name_re.match(text, pos)
            if nm is None or (kind == "person" and not text.startswith(")", nm.end())):
                continue
            if kind in ("rel", "verb") and nm.group().isupper():
                continue  # "WIFE AND NIECE IN": ALL-CAPS notes are read by en_names_ci, word by word
            span = _name_span(text, res, nm.start(), nm.end(), _CUE_KIND[kind][0])
            if span:
                add(span, kind)
                break

    # Chains of capitalised words: backward cues, name-list pairs, and the tokens for repeats.
    all_tokens: list[tuple[int, int, str]] = []
    prev: list[tuple[int, int, str]] = []
    for m in res.chain_re.finditer(text):
        toks = _chain_tokens(text, m.start(), m.end())
        all_tokens.extend(toks)
        # split at credentials and titles: "John Smith MD" is the name "John Smith" before "MD"
        parts, cur = [], []
        for tok in toks:
            if tok[2] in _CREDENTIAL_WORDS or tok[2].lower() in _TITLE_WORDS:
                if cur:
                    parts.append(cur)
                cur = []
            else:
                cur.append(tok)
        if cur:
            parts.append(cur)
        for part in parts:
            _chain_names(text, res, part, prev, add)
            prev = part

    # Repeats: a later "Mitchell" after "Mrs. Mitchell" was found.
    parts: set[str] = set()
    for s, e in found:
        for _, _, w in _tokens(res, text, s, e):
            lw = w.lower()
            if not _is_initial(w) and lw not in res.blocked and len(lw) > 1 and lw not in _NOT_CITIES:
                parts.add(lw)
    if parts:
        for s, e, w in all_tokens:
            if (len(w) > 3 or not w.isupper()) and w.lower() in parts and not res.eponym_after_re.match(text, e):
                out.add(s, e, "NAME", "en.name.repeat", 0.75)


def _signature_dashes(text: str, low: str, res: _Resources, add) -> None:
    """A name alone on its line after a dash: "-- Liu" signs a note (strong); a single "- X" at a line
    start is as often a list item ("- GERD"), so it needs name-list evidence."""
    if "-" not in low:
        return
    for m in res.dash_re.finditer(low):
        p, double, spaces = m.start(), m.group().startswith("--"), len(m.group("sp"))
        line_start = low.rfind("\n", 0, p) + 1
        if not ((spaces <= 1 and not low[line_start:p].strip(" \t"))
                or (double and 1 <= spaces and p and low[p - 1].isspace())):
            continue
        nm = res.title_name_re.match(text, m.end())
        if nm and not text[nm.end():text.find("\n", nm.end()) % (len(text) + 1)].strip():
            add(_name_span(text, res, nm.start(), nm.end(), "strong" if double else "weak"), "dash")


def _chain_names(text: str, res: _Resources, toks: list, prev: list, add) -> None:
    """Names in one chain of capitalised words: backward cues and name-list evidence."""
    s, e = toks[0][0], toks[-1][1]
    if len(toks) > 1 and text[s:e].isupper() and text[max(0, s - 200):s].isupper():
        return  # an ALL-CAPS note: en_names_ci reads it word by word, with its lists
    # "Fisher, Larry DO": the chain before, joined by ", ", is the last name
    joined = prev[0][0] if prev and len(prev) <= 2 and text[prev[-1][1]:s] == ", " else s
    m = res.cred_after_re.match(text, e)
    if m:
        weak = m.group("c2") is not None and m.group("c2") in _AMBIGUOUS_CREDENTIALS
        kind = "credweak" if weak else "cred"
        add(_name_span(text, res, joined, e, _CUE_KIND[kind][0]), kind)
    elif res.relpost_re.match(text, e):
        add(_name_span(text, res, s, e, "label"), "rel")
    elif (after := res.after_re.match(text, e)):
        # "K. Walker, aged 46" and "Ann Lee is a 60" name a person as surely as a label; a verb less so
        strength = "label" if after.group().startswith((",", " is")) else "weak"
        add(_name_span(text, res, joined, e, strength), "after")
    else:
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        if not text[line_start:s].strip(" \t-") and not text[e:line_end if line_end >= 0 else len(text)].strip():
            add(_name_span(text, res, s, e, "weak"), "line")  # a signature line

    # Name-list pass: runs of list names holding a first name followed by a last name.
    n = len(toks)
    i = 0
    while i < n - 1:
        w = toks[i][2]
        lw = w.lower()
        if _is_initial(w) or lw not in res.first:
            i += 1
            continue
        j, has_last, evidence = i + 1, -1, lw in res.first_ok
        while j < n:
            wj = toks[j][2]
            lj = wj.lower()
            if _is_initial(wj):
                j += 1
                continue
            if lj in res.last or lj in res.first:
                if lj in res.last:
                    has_last = j
                evidence = evidence or lj in res.last_ok
                j += 1
                continue
            break
        if has_last > i and evidence and not any(
                toks[k][2].lower() in _STOP_WORDS or toks[k][2].lower() in _EPONYMS
                or toks[k][2].lower() in _GEO_WORDS for k in range(i, has_last + 1)) \
                and text[toks[i][0]:toks[has_last][1]].lower() not in _NOT_CITIES:
            if not res.eponym_after_re.match(text, toks[has_last][1]):
                add((toks[i][0], toks[has_last][1]), "list")
            i = has_last + 1
        else:
            i += 1
    # "Garcia, Karen": a last name, a comma, a first name
    if prev and len(prev) == 1 and text[prev[0][1]:s] == ", " and prev[0][2].lower() in res.last_ok \
            and toks[0][2].lower() in res.first_ok:
        add((prev[0][0], toks[1][1] if n > 1 and _is_initial(toks[1][2]) else toks[0][1]), "last_first")


# Words after which a town follows: "lives in X", "moved to X", "at our X office".
_PLACE_TRIGGERS = {w: "to" for w in "moved relocated traveled travelled trip drove flew".split()}
_PLACE_TRIGGERS.update((w, "in") for w in """lives living lived resides residing resided born raised grew originally
hometown native located home visiting vacation vacationing stays staying works working employed""".split())
_PLACE_TRIGGERS["at our"] = "office"

# Last words of institution names, which are never the city in "X, State".
_INSTITUTION_WORDS = frozenset("""
hospital hospitals clinic institute laboratory laboratories infirmary hospice pharmacy university college
company inc corporation corp foundation school department division
""".split())

# Endings of English words (and drug/anatomy terms) that are seldom the end of a person's name.
_ENGLISH_SUFFIXES = ("ed", "ing", "al", "ous", "ic", "ac", "ology", "logy", "iatry", "graphy", "therapy", "ive", "ary", "tion", "sion", "ment", "ness", "ity", "ible",
                     "able", "ly", "ful", "less", "ism", "itis", "osis", "emia", "algia", "ectomy", "scopy",
                     "gram", "pril", "olol", "statin", "sartan", "mab", "nib", "azole", "cillin", "mycin",
                     "cycline", "floxacin", "azepam", "azolam", "semide", "thiazide", "profen", "oxetine")

_FACILITY_HEAD_WORDS = frozenset(w.lower() for w in re.split(r"[| ]", _FACILITY_HEADS) if w)

def _names_any_case(text: str, low: str, res: _Resources, out: _Spans) -> None:
    en_names_ci.find_names(text, lambda s, e, rec, score: out.add(s, e, "NAME", rec, score))


def _places_any_case(text: str, low: str, res: _Resources, out: _Spans) -> None:
    en_places_ci.find_places(text, out.add)


_RECOGNIZERS = (_shapes, _phones, _ssn, _ids, _dates, _ages, _places, _facilities, _names, _names_any_case,
                _places_any_case)

