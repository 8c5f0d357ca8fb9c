"""Compiled patterns and word sets of English PHI detection (built once per process, on first use),
and the span collector the recognizers write to.
"""

from __future__ import annotations

import bisect
import re

from medcorpus.schemas.phi import PhiSpan
from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.pattern_sets import built_twice
from medcorpus.transforms.deid.en_tables import (AU_STATES, BARE_CUES, BARE_DOMAIN_TLDS, BARE_STREET_WORDS, BY_CUES,
    CA_PROVINCES, CI_AMBIGUOUS_STREET_TYPES, CREDENTIALS, EPONYMS, FACILITY_HEADS, GREETING_CUES,
    ID_CUE_HEADS, LABEL_CUES, LO, MONTHS, PAYERS, PERSON_WORDS, PLACE_TRIGGERS, RELATIONS,
    STATE_ABBR, STATE_NAMES, STOP_WORDS, STREET_SUFFIX, SURNAME_CUES, TITLE_WORDS, UNIT, UP, URL_TLDS, US_CITIES,
    VERB_CUES, ZIP_ONLY_STATE_ABBR)


def alternation(words) -> str:
    """Regex alternation, longest first so that "Medical Center" wins over "Center"."""
    return "|".join(sorted(set(words), key=len, reverse=True))


def word_trie(words, lower: bool = True, word_start: bool = False) -> str:
    r"""Alternation as a trie ("pa(?:tient|rent)"): one branch per letter instead of one per word.
    Spaces match any run of whitespace. ``word_start``: the words match only where a word starts, the check
    written after the first letter ("p(?<!\w.)a(?:tient|rent)") so that the pattern opens with plain letters,
    which the regex engine skips ahead to (a leading \b is tried at every position): pays where few words
    start with those letters (capitals, a handful of words)."""
    root: dict = {}
    for word in words:
        node = root
        for ch in (word.lower() if lower else word):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, after_first: str = "") -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + after_first + build(sub) for ch, sub in sorted(node.items())
                if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root, r"(?<!\w.)" if word_start else "")


class Resources:
    """Compiled patterns and word sets; one instance per process, and its ASCII twin (``resources_for``)."""

    ascii_mode = False

    def __init__(self) -> None:
        self._build_words()
        self._build_patterns()

    # -- word sets ----------------------------------------------------------------------------------
    def _build_words(self) -> None:
        common = en_lexicon.read_words("en_common_name_words.txt")
        firsts, lasts = en_lexicon.person_names()
        blocked = common | STOP_WORDS
        # *_ok: name evidence on its own (no common words, no eponyms); the raw sets still accept such
        # words next to other evidence ("Grace Parkinson" is a name, "Parkinson" alone is not).
        self.first = frozenset(firsts)
        self.last = frozenset(lasts)
        self.first_ok = frozenset(firsts - blocked - EPONYMS)
        self.last_ok = frozenset(lasts - blocked - EPONYMS)
        # the commonest surnames: after a first name they are one even where they are words ("Mark Turner")
        self.frequent_last = en_lexicon.frequent_surnames() - STOP_WORDS
        self.common = common
        self.blocked = blocked
        self.cities = frozenset(c.lower() for c in US_CITIES)
        self.states = frozenset(s.lower() for s in STATE_NAMES.split("|")) | frozenset(
            s.lower() for s in STATE_ABBR)

    # -- patterns -----------------------------------------------------------------------------------
    def _build_patterns(self) -> None:
        up, lo = UP, LO
        cred_alt = alternation(CREDENTIALS)
        titles = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Drs|Prof|Professor|Doctor|Smt|Shri|(?:MR|MRS|DR|SMT)(?=\.))"
        # One capitalised word (O'Brien, McDonald, Jean-Luc, Ji-woo) or an ALL-CAPS word; never a
        # credential or a title, so "Attending: Dr. Lee" leaves the title to the title cue.
        tw = rf"(?:[{up}]['\u2019](?:[{up}][{lo}]+|[{lo}]{{3,}})|[{up}][{lo}]+)(?:[{up}][{lo}]+)?(?:-[{up}{lo}][{lo}]+)?"
        uw = rf"(?:[{up}]['\u2019])?[{up}]{{2,}}(?:-[{up}]{{2,}})?"
        months = alternation([m.capitalize() for m in MONTHS] + [m.upper() for m in MONTHS])
        ids = "DL|CDL|MRN|SSN|DOB|ID|NPI|DEA|VIN|SIN|NHS|FIN|CSN|HAR|EIN|ITIN|URN|PID|EMPI"  # "Oksana Levy, DL P47"
        nt = rf"(?!(?:{cred_alt}|{titles}|{ids})\b|(?:{months})\.?[ ]\d)(?:{tw}|{uw})(?![\w@])"
        ini = rf"[{up}]\.?(?![\w'\u2019-])"
        # "de la", "van der", "DE LA" (one or two, any case)
        particle = r"(?:(?i:van|von|de|da|del|della|der|den|di|du|la|le|dos|das|bin|ibn|al|el)[ ]){1,2}"
        glued = rf"[{up}]\.(?=[{up}][{lo}])"  # "K.Osei"
        seq = (rf"(?:(?:{ini}[ ]|{glued})(?:{ini}[ ])?)?{nt}"
               rf"(?:[ ](?:{particle})?(?:{ini}[ ])?{nt}){{0,3}}(?:[ ]{ini})?")
        last_first = rf"(?:{particle})?{nt}(?:[ ](?:{particle})?{nt})?,[ ]?{nt}(?:[ ]{nt})?(?:[ ]{ini})?"
        # Names are matched only where a cue ends (anchored .match), never tried at every position.
        # A bare initial ("Dr. X", a placeholder) counts only after a title: see _name_span.
        self.name_re = re.compile(rf"{last_first}|{seq}|{ini}")
        self.title_name_re = re.compile(rf"{seq}|{ini}")
        self.name_tok_re = re.compile(rf"{tw}|{uw}|[{up}]\.?")
        self.opt_title_re = re.compile(rf"{titles}\.?[ ]{{1,2}}")
        # Forward cues: every cue word in one trie, matched on the lower-cased text where a word opens a cue
        # (cue_heads: each cue's first word, as en_lexicon.word_tokens reads it) or follows an apostrophe,
        # where a scan would try it at every character; the word then says which cue families to try
        # (_CUE_TAILS), each checked by an anchored match.
        cue_words: dict[str, list[str]] = {}
        for kind, words in (("title", TITLE_WORDS), ("label", LABEL_CUES), ("by", BY_CUES),
                            ("rel", RELATIONS), ("person", PERSON_WORDS), ("verb", VERB_CUES),
                            ("bare", BARE_CUES), ("surname", SURNAME_CUES), ("greet", GREETING_CUES)):
            for w in words:
                cue_words.setdefault(w, []).append(kind)
        self.cue_kinds = {w: tuple(k) for w, k in cue_words.items()}
        self.cue_re = re.compile(rf"(?<!\w)(?P<cue>{word_trie(cue_words)})(?!\w)")
        self.cue_heads = frozenset(en_lexicon.word_tokens(w)[0][2] for w in cue_words)
        self.cue_tails = {
            "title": re.compile(r"\.?[ ]{1,2}"),
            # a colon; after a name label also "=", " - " and dot leaders ("Guarantor .......... Ann Lee")
            "label": re.compile(r"(?:[ \t]*(?:#|\(s\))?:|(?i:(?<=name))[ ]?=|(?i:(?<=name))[ ]-"
                                r"|(?i:(?<=name)|(?<=guarantor)|(?<=kin))[ ]?\.{3,}(?=[ \t]))[ \t]*(?:,[ \t]*)?\n?[ \t]*"),
            "by": re.compile(r":?[ ]+"),
            "verb": re.compile(r":?(?:[ ]+|(?<=,)[ ]*\n[ \t]*(?:\n[ \t]*)?)"),  # after a closing: "Sincerely,\n\nAnn Lee"
            "rel": re.compile(r"[ ]?,[ ]?|[ ]?\([ ]?|[ ]"),
            "person": re.compile(r"[ ]\("),
            "bare": re.compile(rf"[ ](?=[{UP}])"),
            "greet": re.compile(r",?[ ]+"),
            "surname": re.compile(rf"[ ]?[:?]?[ ]+(?=[{UP}])"),  # "last name: Brown", "What's your last name? Woronko"
        }
        self.space_re = re.compile(r"\s+")
        self.thing_name_re = re.compile(
            r"\b(?:model|product|drug|medication|procedure|device|study|test|generic|brand|trade|file|user|"
            r"program|company|plan|facility|hospital|pharmacy|practice|clinic|lab|exam|form|document)[ ]$")
        # a dash before a name ("-- Liu", "\n- Liu"); where it stands is checked in _signature_dashes
        # (one character set first, which the engine skips ahead to: "~-" and "/-" are left in code)
        self.dash_re = re.compile(r"(?P<mark>[-~/]-?)(?P<sp>[ ]{0,2})(?=[a-z])")
        self.street_before_re = re.compile(rf"\d+(?:[ ][{up}][{lo}]+){{1,3}}[ ]$")
        # Backward cues are checked at the end of each chain of capitalised words.
        self.chain_re = re.compile(rf"[{up}][\w'\u2019-]*\.?(?:[ ](?:{particle})?[{up}][\w'\u2019-]*\.?)*")
        # a credential after a name; not one followed by a ZIP, which is a state ("Rivasmouth, PA 42596")
        self.cred_after_re = re.compile(
            rf"(?:,[ ]?(?P<c1>{cred_alt})|[ ](?P<c2>{cred_alt}))(?![\w-]|[ ]?:|/|[ ](?i:and|&)\b|[ ]\d{{5}}(?!\d))")
        self.relpost_re = re.compile(
            rf"[ ]?\((?i:(?:his|her|their|pt's|patient's)[ ])?(?i:{word_trie(RELATIONS)})\)")
        # A person-only verb after the name: "Zachary states", "Esperanza, aged 35".
        self.after_re = re.compile(
            r"[ ](?:states|stated|reports|reported|denies|denied|endorses|complains|presents|presented|says|"
            r"said|called[ ](?!to\b)|asked|asks|agrees|agreed|declines|declined|refuses|refused|verbalized|"
            r"verbalizes|understands|wishes|wants|prefers|lives|arrived|came|comes|returns|returned|resting|"
            r"sleeping|ambulating|tolerating|tolerated|underwent|was[ ](?:seen|admitted|discharged|transferred|evaluated|examined))\b|[ ]is[ ]an?[ ]\d|[ ]is[ ]\d{1,3}[ -](?:years?|yo\b|y/o)"
            r"|,[ ](?:aged?[ ]\d|an?[ ]\d{1,3}[ -]y|\d{1,3}[ ]?(?:yo|y/o|y\.o\.|year|M\b|F\b))"
            # a phone number right after the name: "[name] cell# 555-..."
            r"|[ ](?i:cell|home|work|mobile|phone|tel)[ ]?(?:#|:|[ ]phone|[ ]number)[ ]?:?[ ]?\(?\d{3}")
        # a first name then a copula or an auxiliary: "Laura is very reliable", "Emilia has left"
        # (not before a participle: "Sage was applied", "Joy was expressed" are things done)
        self.copula_after_re = re.compile(
            r"[ ](?:(?:is|was)[ ](?!\d|[a-z]+(?:ed|en)\b)|(?:has|had|will|would|can|could)[ ](?!\d))")
        self.eponym_after_re = re.compile(
            r"(?:['\u2019]s)?[ -](?i:disease|syndrome|sign|signs|test|tests|maneuver|manoeuvre|reflex|"
            r"catheter|tube|stain|staining|palsy|score|scale|criteria|classification|grade|phenomenon|"
            r"procedure|operation|repair|fracture|lymphoma|sarcoma|tumou?r|cells?(?![#:])|node|nodes|ulcer|"
            r"approach|incision|clamp|forceps|retractor|position|triad|law|equation|formula|method|prosthes[ie]s|implant|"
            r"technique|algorithm|curve|plot|correlation|coefficient|index|body|bodies|effect|guidelines?|"
            r"disorder|dystrophy|anomaly|malformation|deformity|contracture|space|canal|duct|gland|"
            r"area|aphasia|ataxia|angina|thyroiditis|encephalopathy|neuroma|neuralgia|esophagus|"
            r"diverticulum|hernia|knot|rule|rules|class|stage|type|variant|hypothesis|blot|assay|virus|leukemia|"
            r"strains?|medium|media|agar|samplers?|reaction|units?|model|rats?|mice|osteotomy|"
            r"carcinoma|ratio|solution|flap|pouch|line)\b")

        # ---- shapes ----
        # Most patterns open with a lookahead on their first character, so the regex engine rejects
        # other positions at once; several run only when a trigger substring is in the text.
        self.email_re = re.compile(r"[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")  # o'hara@
        self.url_re = re.compile(r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+")
        self.domain_url_re = re.compile(
            rf"\b(?:[a-z0-9-]+\.)+(?:{'|'.join(URL_TLDS)})/[^\s<>\"'`]*")
        # gates: one compiled alternation of literals scans a note once, where a substring test per word
        # scans it once per word; the pattern behind a gate runs only where it matched
        self.url_path_gate_re = re.compile(rf"\.(?:{'|'.join(URL_TLDS)})/")
        # (a word gate: a set of lower-case words, one of which is in en_lexicon.word_set when the pattern can
        # match; a set test, no scan)
        self.bare_street_words = en_lexicon.last_words(BARE_STREET_WORDS)
        self.bare_domain_gate_re = re.compile(rf"\.(?:{'|'.join(BARE_DOMAIN_TLDS)})")
        # a bare domain ("see smithfamily.org"): the commercial and personal endings only, on the lower-cased
        # text; government and university sites (cdc.gov, jhu.edu) are institutions, not a person's
        self.bare_domain_re = re.compile(
            rf"(?<![\w@.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{'|'.join(BARE_DOMAIN_TLDS)})(?![\w@-]|\.[a-z0-9])")
        octet = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
        self.ipv4_re = re.compile(rf"(?=\d)(?<![\d.]){octet}(?:\.{octet}){{3}}(?!\d|\.\d)")
        self.ipv6_re = re.compile(
            r"(?=[0-9A-Fa-f]{1,4}:[0-9A-Fa-f:])(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::?[0-9A-Fa-f]{1,4}))"
            r"(?:(?::[0-9A-Fa-f]{1,4})){0,6}(?![\w:])")

        # ---- phone / fax ----
        ext = r"(?:[ ,]*(?:ext\.?|extension|x|Ext\.?|EXT\.?|X)[ ]?\d{1,6})?"
        self.phone_re = re.compile(
            rf"(?=[\d+(])(?<![\w+/.])(?<!\d-)(?:(?:\+?1[ .-]?|001[ .-])?(?:\(\d{{3}}\)[ .-]?|\d{{3}}(?:[ .]|-[ ]?))\d{{3}}(?:[ .]|-[ ]?)\d{{4}}(?![\d-]){ext}"
            # notes also write 201/324/1423 and 201/324-1423
            rf"|\d{{3}}/\d{{3}}[/-]\d{{4}}(?![\d/]){ext}"
            rf"|\+1[ ]?\d{{10}}(?!\d){ext}"
            # other countries: +44 20 7946 0958, +49 (0)30 1234567 (8-15 digits, counted in code)
            # (+33) 1 42 68 53 00, 0044 20 7946 0958: the country code in brackets, or after 00
            rf"|(?P<intl>(?:\(?\+|00)(?!1[ .-]?\d)[2-9]\d{{0,2}}\)?(?:[ .-]?\(?\d{{1,5}}\)?){{2,6}})(?![\w-]){ext}"
            # British national numbers: 07700 900123, 0161 496 0000, 020 7946 0958 (an 0 trunk prefix, 11 digits)
            rf"|(?P<uk>0[1-9]\d{{3}}[ ]\d{{6}}|0[1-9]\d{{2}}[ ]\d{{3}}[ ]\d{{4}}|0[1-9]\d[ ]\d{{4}}[ ]\d{{4}})(?![\w-]){ext}"
            # national numbers of Australia and India with their trunk 0: (02) 8404 0700, (080) 59046842,
            # 022-8404 4890, 099488 10332
            rf"|(?P<trunk>\(0\d{{1,3}}\)[ ]?\d{{4}}[ ]?\d{{4}}|0\d{{2,3}}-\d{{4}}[ ]?\d{{4}}|0\d{{5}}[ ]\d{{5}})(?![\w-]){ext}"
            # the national numbers of New Zealand, Ireland, Australia and Britain in their groups: (04) 397-5248,
            # (091) 763 692, 02 2211 9346, 01 815 1091, 0131-263-4099 (not a row of times: in code)
            rf"|(?P<natl>\(0\d{{1,3}}\)[ ]?\d{{3}}[ -]\d{{3,4}}|0[1-9]\d{{0,3}}[ -]\d{{3,4}}[ -]\d{{3,4}})(?![\w-]|[.,]\d){ext}"
            rf"|(?P<bare>1?\d{{10}}(?![\w-]){ext})"
            # a local number without its area code (555-0142): only after a phone word, checked in code
            rf"|(?P<local>[2-9]\d{{2}}-\d{{4}})(?![\w-]|[.,]\d){ext})")
        # phone_re's gate (phone_re opens with a lookahead, tried at every position): what each of its forms
        # holds, three digits and four ("555-0147", alone or not; "0161 496 0000"), ten in a row, "+" or "00" before a
        # country code, a trunk 0 in brackets ("(080) 59046842")
        self.phone_gate_re = re.compile(
            r"[\d+(](?:(?<=\d)\d\d(?:[ ./]|-[ ]?)\d{4}|(?<=\d)\d{9}|(?<=0)0[2-9]|(?<=\+)[2-9]|(?<=\()0\d)")
        # a number in brackets with one digit too many or a separator out of place: "(555 123 45678)"
        self.loose_phone_re = re.compile(r"\((?P<val>[2-9]\d{2}(?:[ -]\d{3}[ -]?|\d{3}[ -])\d{4,5})\)")
        # pagers: four or five digits after a pager cue ("pager #12345", "beeper number 1234", "pager 167-8656");
        # on the lower-cased text
        pager_cues = ("pager", "beeper", "pgr", "pg", "page", "bleep", "spectralink", "spectra(?=\\s*#)", "vocera", "ascom")
        self.pager_re = re.compile(
            rf"\b(?P<cue>{'|'.join(pager_cues)})(?:\s*(?:number|no\.?|#))?\s*[:#]?\s*#?\s*(?P<val>\d{{3,5}}|\d{{1,3}}-\d{{4}})(?![\d-])")
        # its gate: substrings of the note, one inside each cue ("pg" holds "pgr", "page" "pager")
        words = [c.split("(")[0] for c in pager_cues]
        self.pager_gates = tuple(w for w in words if not any(o != w and o in w for o in words))
        # an in-house extension alone, after a phone word ("call x4602", "pager ext. 2041"); on the lower-cased text
        # (two patterns, each opening with a literal that the regex engine searches for fast)
        self.extension_res = tuple(re.compile(rf"{lead}(?P<val>\d{{4,5}})(?![\w/]|[.,]\d)") for lead in (
            r"x(?<![\w.]x)", r"ext(?<![\w.]ext)(?:\.?[ ]?|ension[ ])"))
        self.extension_cue_re = re.compile(
            r"\b(?:phone|ph|tel|telephone|cell|mobile|pager|beeper|pgr|pg|paged?|call(?:ed|ing)?|contact(?:ed)?|"
            r"reach(?:ed|able)?|fax|office|desk|line)\b(?:[ ]*[:#])?[^\n\d,;:]{0,10}$")  # not "called MD re: WBC x1000"
        # A number written right after a phone word, in any grouping: "Phone: 555-0147", "mobile 07700 900123"
        # (7-15 digits, counted in code: "ph" never takes a pH value); on the lower-cased text. Not "call".
        self.cued_phone_re = re.compile(
            r"\b(?:(?:phone|telephone|tel|cell|mobile|fax|ph)\.?(?:\s*(?:#|no\.?|number))?\s*(?:[:#|]|\s+(?:is|at|on)\b)?"  # "| Cell | 555-0147 |"
            r"|contact(?:\s*(?:#|no\.?|number))?\s*:?"
            # the lines of a letterhead or a call log: "Appointments: 67534105", "Direct line: (03) 544 4972"
            r"|(?:appointments|appts?|direct\s+line|secretary|call\s*back(?:\s*#)?|enquiries|inquiries|switchboard"
            r"|reception|admissions|bookings)\s*:"
            # or asked to call: "call me at", "reach her on", "text us at", "reached at", "faxed to", "my number is"
            r"|(?:call|reach|text|ring|contact)\s+(?:me|him|her|us|them)\s+(?:at|on)|(?:reached|contacted)\s+at|faxed\s+to"
            r"|(?:my|his|her|our|their|your)\s+(?:phone\s+|cell\s+|mobile\s+)?number\s+is)\s*"
            # a bracket only around a whole group: (0117) 496 0760, (08)-7442-4916; not "555-0147 (12/03"
            r"(?P<val>\+?(?:\((?:0|\d{2,5})\)|\d)(?:[ .-]{0,2}(?:\((?:0|\d{2,5})\)|\d)){4,14})(?![\w-]|[.,]\d)")  # 7-15 digits: in code
        # the words cued_phone_re can open with: tried only where one starts (en_lexicon.matches_at_words)
        self.cued_phone_heads = frozenset("""phone telephone tel cell mobile fax ph contact appointments appts appt direct
            secretary call callback enquiries inquiries switchboard reception admissions bookings reach text ring reached
            contacted faxed my his her our their your""".split())
        self.phone_request_gate_re = re.compile(
            r"[ ](?:me|him|her|us|them)[ ](?:at|on)[ ]|number[ ]is|reached[ ]at|ph(?<![\w]ph)[ .:#]*\d")
        # run on the lower-cased text
        self.phone_cue_re = re.compile(
            r"(?P<fax>\bfax(?:ed)?\b|\bf\s*:|\bfacsimile\b)|(?P<tel>\b(?:phone|ph|tel|telephone|cell|mobile|"
            r"call|called|contact|reach(?:able)?|pager|beeper|p\s*:|home|work|office|text|number|#)\b)")

        # ---- cue-keyed identifiers ----
        id_cues = {
            "VEHICLE": (r"(?:licen[cs]e|lic\.?)\s+plate(?:\s*(?:#|no\.?|number))?|plate(?:\s*(?:#|no\.?|number))?|tag\s*#|VIN"
                        r"|(?:ambulance|ALS|BLS|EMS|medic|medflight)\s+unit(?:\s*#)?"
                        r"|vehicle(?:\s+(?:reg(?:istration)?|plate))?(?:\s*(?:#|no\.?|number))?|(?:car|vehicle)\s+reg(?:istration)?\.?"
                        r"|rego|reg\s*/\s*plate"),  # "ALS ambulance unit 52MA196", "reg/plate CTX 1372"
            "NATIONAL_ID": (r"passport(?:\s*(?:#|no\.?|number))?|(?:canadian\s+)?SIN|social\s+insurance\s+(?:number|no\.?)"
                            r"|aadhaa?r(?:\s*(?:#|no\.?|number))?|CURP|national\s+ID(?:\s+card)?(?:\s*(?:#|no\.?|number))?"
                            r"|alien\s+(?:registration|reg\.?)(?:\s*(?:#|no\.?|number))?|A-number|NHS\s+(?:number|no\.?)"
                            r"|green\s+card(?:\s*#)?|permanent\s+resident\s+card(?:\s*#)?|ITIN|NI\s+(?:number|no\.?)|NINO|PAN\s+card(?:\s*(?:#|no\.?|number))?|national\s+insurance\s+(?:number|no\.?)|personnummer"
                            r"|(?:state|national)\s+ID\s*(?:#|no\.?|number)"
                            # Australian tax file and health identifiers, New Zealand's NHI, Ireland's PPSN, India's
                            # PAN and UID (with a colon: "PAN" is a word too)
                            r"|(?:TFN|IHI|NHI|PPSN|PPS(?=\s*(?:no\.?|#|number))|S\.I\.N\.?|NRIC(?:\s*/\s*FIN)?|SA\s+ID)(?:\s*(?:#|no\.?|number))?"
                            r"|PAN(?=\s*:)|UID(?:AI)?|ID\s*(?:no\.?|number)"  # not "PPS 30-40%", a performance scale
                            r"|tax(?:payer)?\s*(?:ID|#|no\.?|number)|EIN"
                            # other unique codes of a person: "Employee ID E-448291", "username jsmith85"
                            r"|(?:employee|staff|badge)\s*(?:ID|#|no\.?|number)|user\s*(?:name|ID)|username"
                            r"|login(?:\s*ID)?"
                            # Spain's DNI/NIE/NIF, France's NIR ("numéro de sécurité sociale")
                            r"|DNI|NIE|NIF|n[uú]m[eé]ro\s+de\s+s[eé]curit[eé]\s+sociale|NIR"),
            "LICENSE": (r"(?:driver'?s?\s+)?licen[cs]e(?:,?\s*(?:#|no\.?|number))?|lic\.?\s*(?:#|no\.?)|C?DL\s*(?:#|no\.?|number)?"
                        r"|state\s+lic\.?|lic\.(?=\s*[A-Za-z]{0,3}\d)"  # "LICSW, lic. RN340310"
                        r"|driver'?s?\s+lic\.?"
                        r"|DEA(?:\s+registration)?\s*(?:#|no\.?|number)?|NPI\s*#?|certificate(?:\s*(?:#|no\.?|number))?|cert\.?\s*#"
                        r"|board\s+certification\s*#?"
                        # British and Australian registers of doctors, nurses and allied professions
                        r"|(?:GMC|NMC|NMBI|HCPC|GPhC|AHPRA)(?:\s*(?:PIN|reg(?:istration)?\.?))?(?:\s*(?:#|no\.?|number))?"
                        r"|MCI\s*reg(?:istration)?\.?(?:\s*(?:#|no\.?|number))?"  # not "mCi", the unit
                        r"|prescriber\s*(?:#|no\.?|number)"  # not a bare "registration number" (trials, vehicles)
                        # Australia's Medicare provider number; the medical and nursing councils of New Zealand,
                        # Ireland, Quebec, Ontario, Alberta, South Africa, Singapore, Malaysia
                        r"|provider\s*(?:#|no\.?|number)|(?:MCNZ|NCNZ|NZMC|IMC|MCRN|CMQ|CPSO|CPSA|HPCSA|SANC|SMC|MMC)"
                        r"(?:\s*(?:#|no\.?|number|reg(?:istration)?\.?))?"),
            "DEVICE": (r"lot/serial|serial(?:\s*(?:#|no\.?|number))?|S/?N|lot(?:\s*(?:#|no\.?|number))?|device\s+(?:ID|identifier)"
                       r"|device(?=\s+[A-Z0-9]{1,5}-?\d{4})"  # "warming device B96L-377995"
                       r"|UDI|model/serial|(?:RA|RV|LV|atrial|ventricular)\s+lead|IMEI|MAC\s+address"),
            "HEALTH_PLAN": (r"(?:(?:group|member|policy|subscriber)\s*/\s*)?(?:member|subscriber|policy|group)\s*(?:ID|#|no\.?|number)"  # "group/member no."
                            r"|member(?:\s*(?:ID|#|no\.?|number))?|subscriber(?:\s*(?:ID|#|no\.?|number))?"
                            r"|policy(?:\s*(?:ID|#|no\.?|number))?|group(?:\s*(?:#|no\.?|number)|(?=[ ]\d{6}))"
                            r"|(?:insurance|plan|payer|beneficiary|benefit)\s*(?:ID|#|no\.?|number)"
                            r"|insurer\s+ref(?:erence)?|health\s+card(?:\s*(?:#|no\.?|number))?|MSP\s*#|OHIP(?:\s*#)?"
                            r"|CGHS(?:\s+card)?|group(?=\s*:\s*(?:[A-Za-z]+-?)?\d{5,}\b)"  # not "Age group: 65-74"
                            r"|medicare(?:\s*(?:ID|#|no\.?|number))?(?:\s*\(MBI\))?|MBI|HICN|medicaid(?:\s*(?:ID|#|no\.?|number))?"
                            # Ireland's medical card (GMS, with its "No.": "2 gms MgSO4" is grams), health insurers'
                            # membership, New Zealand's ACC claim
                            r"|membership\s*(?:#|no\.?|number)|GMS\s*(?:#|no\.?|number)|medical\s+card(?:\s*(?:#|no\.?|number))?"
                            r"|VHI(?:\s*(?:#|no\.?|number))?|ACC(?:45)?\s*(?:#|no\.?|number)"),
            "ACCOUNT": (r"(?:visit/)?acc(?:oun)?t\.?(?:\s*(?:#|no\.?|number))?|(?:bank|billing|checking|savings)\s+account"
                        r"(?:\s*(?:#|no\.?|number))?|IBAN|FIN|HAR|billing\s*(?:#|no\.?|number)|(?:encounter|visit)\s*(?:#|no\.?|number|ID)"
                        r"|claim\s*(?:#|no\.?|number)|invoice\s*(?:#|no\.?|number)|guarantor\s*(?:#|no\.?|number|ID)"
                        # a hospital bill's and an ambulance run's numbers ("Bill No: ZF/22-26/201785", "Incident #")
                        r"|bill\s*(?:#|no\.?|number)|incident\s*(?:#|no\.?|number)"
                        r"|routing(?:\s*(?:#|no\.?|number)|(?=\s*:?\s*\d{9}(?!\d)))|(?:credit|debit|bank)\s+card(?:\s*(?:#|no\.?|number))?"
                        r"|card(?=\s*(?:#|:|is\b|no\.?|number|\d{4}[ -]?\d{4}))(?:\s*(?:#|no\.?|number))?"),  # "my card is ..."
            "ZIP": r"zip(?:\s*code)?(?:\s*\+\s*4)?|postal\s+code|postcode",
            "MRN": (r"MRN|MR\s*#|MR\s*no\.?|URN?(?=\s*[:#]|\s+\d)|UR\s*(?:#|no\.?|number)|IP\s*(?:#|no\.?|number)"
                    r"|hosp(?:ital)?\.?\s*(?:#|no\.?|number|ID)|med(?:ical)?\.?\s+rec(?:ord)?\.?(?:\s*(?:#|no\.?|number))?|record\s*(?:#|no\.?|number)"
                    r"|unit\s*(?:#|no\.?|number)|chart\s*(?:#|no\.?|number)"
                    r"|patient\s*(?:ID|#|no\.?|number)|pt\.?\s*(?:ID|#)|accession(?:\s*(?:#|no\.?|number))?|acc\s*#"
                    r"|exam\s*(?:#|no\.?|number|ID)|study\s*(?:#|ID|no\.?)|specimen\s*(?:#|no\.?|number|ID)"
                    r"|case\s*(?:#|no\.?|number)|EMPI|PID|requisition\s*(?:#|no\.?)|order\s*(?:#|no\.?|number)"
                    # a care provider's own number for its patient: "Hospice ID YA333347", "Resident ID 4471"
                    r"|(?:hospice|clinic|facility|resident|emr|ehr)\s*ID"),  # not a trial's "registry ID"
        }
        # The cue is found in the lower-cased text, the value then read from the text at the cue's end.
        cue_alt = "|".join(rf"(?P<k_{lab}>{pat.lower()})" for lab, pat in id_cues.items())
        # A trie of the cues' first words finds the few places worth the full (slow) alternation.
        self.id_head_re = re.compile(rf"\b(?<!/)(?:{word_trie(ID_CUE_HEADS)})")
        self.id_cue_re = re.compile(rf"(?:{cue_alt})(?:(?<=#)|(?!\w))")  # "lic. #A12345"
        # Value: digit groups split by spaces, a plate, or letters/digits with inner -/. (with a digit).
        nino = r"(?i:[A-Z]{2}(?:[ ]\d{2}){3}[ ][A-D])"  # a UK National Insurance number in its groups: AB 12 34 56 C
        self.nino_re = re.compile(nino)  # (spaced letters and digits are otherwise a plate: see phi_en._ids)
        self.id_val_re = re.compile(
            r"(?:\s*\([A-Za-z]{2,5}\))?(?i:[ ]of[ ](?:my|his|her|their|your|our|the)(?:[ ][a-z]+){1,3}(?=[ ]is[ ]))?"
            r"[ \t]*(?:[:#=|]|\.{1,40}|(?i:is|of|will[ ]be)(?=\s))?"
            r"[ \t]*(?:,[ \t]*)?(?:#[ \t]*)?\(?(?:(?:HAR|FIN|CSN|EPIC)[ ](?=\d))?"
            r"(?P<val>\d{3,6}(?:[ ]\d{3,6}){1,3}(?:[ ]\d{1,4})?(?![\w-])"  # 314 758 824, 4149 6784 0650 2422 315, 750918 7031 185
            rf"|{nino}(?![\w-])"
            r"|[12](?:[ ]\d{2}){3}[ ]\d{3}[ ]\d{3}(?:[ ]\d{2})?(?![\w-])"  # a French NIR: 1 06 39 26 442 383 66
            r"|[A-Z]{2}[ ]\d{1,2}[ ][A-Z]{1,3}[ ]\d{1,4}(?![\w-])"  # an Indian plate: TN 31 YL 7292
            r"|(?i:[A-Z0-9]{1,4}[ -][A-Z0-9]{2,5})(?![\w-])"  # plates: 228 WJS, 8KG-4907, pks 487
            r"|(?=[A-Za-z0-9./-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9])){2,30})")  # "ZF/22-26/201785"
        # Insurance "ID" after a plan name: "Plan: Aetna / ID W123", "Insurance: Tricare, ID W547280786".
        # Run on the lower-cased text: the value's offsets are the text's.
        plan_words = ("insurance", "plan", "payer", "coverage", "insurer", *PAYERS)
        self.plan_id_words = en_lexicon.last_words(plan_words)  # with "id", its word gate
        self.plan_id_re = re.compile(
            rf"{word_trie(plan_words, word_start=True)}"
            r"\b[^\n:]{0,3}:?[^\n]{0,40}?\bid\b[ :#]*"
            r"(?P<val>(?=[a-z0-9-]*\d)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){3,30})")
        self.vin_re = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b")
        # Gates: cheap scans that open with a character class (the engine skips ahead to it), so that the
        # costlier patterns behind them run only on the notes that can hold a match.
        # (the IP gates from a full stop or a colon, the digit before it checked behind: one pattern for both
        # would open with no class, and be tried at every position; the VIN gate a class, then a repeat: a repeat
        # first is tried at every position)
        self.ipv4_gate_re = re.compile(r"\.(?<=\d\.)\d{1,3}\.\d{1,3}\.\d")
        self.ipv6_gate_re = re.compile(r":(?<=[0-9A-Fa-f]:)[0-9A-Fa-f]{0,4}:")
        self.vin_gate_re = re.compile(r"[A-Z0-9][A-Z0-9]{16}")
        self.udi_re = re.compile(r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9-]+)*")

        # what follows a number that measures something ("95%", "96 mg", "92 to"): no age, no local phone
        self.quantity_re = re.compile(
            r"[\w%/]|\.\d|[ ]?(?:%|mg|kg|lb|lbs|cm|mm|bpm|mmhg|percent|degrees|ml)\b|[ ](?:to|times|x|fold)\b")

        # ---- addresses ----
        from faker.providers.address.en_US import Provider as _UsAddresses  # the USPS street suffixes

        sfx = rf"(?:{alternation(STREET_SUFFIX.split('|') + list(_UsAddresses.street_suffixes))})"
        direction = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?"
        street_word = rf"(?:[{up}][{lo}]+|[{up}]{{2,}}|\d{{1,3}}(?:st|nd|rd|th)|[{up}]\.)"
        # a unit word is whole ("Ste 4", never "Ste" of ", Stewartborough") and so is its number
        unit = rf"(?:,?[ ]+{UNIT}(?![{lo}])\.?[ ]?#?[ ]?[A-Za-z0-9-]{{1,6}}(?![\w-])|[ ]+#[A-Za-z0-9-]{{1,6}}(?![\w-]))"
        # a unit after a street line's end, after a comma or on the next line (the street line takes one that
        # follows a space itself)
        self.unit_after_re = re.compile(
            rf"(?:,[ ]?|[ ]*\n[ \t]*)(?P<unit>{UNIT}(?![{lo}])\.?[ ]?#?[ ]?(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{{1,6}})(?![\w-])")
        # Three patterns, each opening with a plain character class: the regex engine then skips ahead to
        # candidate characters, where a leading lookahead would be tried at every position.
        self.address_re = re.compile(
            # (a unit's number and a slash before the house number: "7/63 Boundary Street", not "a/63")
            rf"\d(?<![\w.,-].)(?<![^\d]/.)\d{{0,5}}[A-Z]?(?:-\d{{1,4}})?[ ]+(?:{direction}[ ]+)?"
            rf"(?:{street_word}[ ]+){{0,3}}{street_word}[ ]+{sfx}\b\.?(?:[ ]+{direction}(?!\w))?"
            # a numbered road keeps its number ("928 County Road 12", "40 State Route 9")
            rf"(?:(?:(?<=Road)|(?<=Route)|(?<=Highway)|(?<=Rd)|(?<=Rte)|(?<=Hwy)|(?<=Avenue))[ ]+\d{{1,3}}[A-Z]?(?![\w/-]|\.\d))?{unit}?")
        # street types in lower case, the everyday words among them too (street lines in any case: en_places_ci)
        ci_suffixes = sorted({w.lower() for w in STREET_SUFFIX.split("|") + list(_UsAddresses.street_suffixes)}
                             | CI_AMBIGUOUS_STREET_TYPES, key=lambda w: (-len(w), w))
        # a home word right before a house number that reads as a time (0341): "lives at 0341 Shelly Hill",
        # "Return address 0342 ..."; not "given at 0900 Morning Rounds"
        residence = r"lives?|lived|living|resides?|residing|home|address|addr"
        self.home_word_before_re = re.compile(
            rf"\b(?:{residence}|located|moved)\b(?:[ ](?:at|to|on|in|is))?:?[ ]*$", re.IGNORECASE)
        # where one lives: the only words before which an everyday word may be the street type ("moved 4
        # extremities well" is no street line)
        self.residence_before_re = re.compile(rf"\b(?:{residence})\b(?:[ ](?:at|on|in))?:?[ ]*$", re.IGNORECASE)
        # A whole US postal line in any letter case, from its house number to ", ST 12345" ("2205 villanueva
        # common suite 890 jacksonmouth, va 55890"): a number, a few words, a comma, a state and a ZIP are an
        # address whatever the words are; military mail with its post office ("psc 3501, box 2808 apo ae 75602")
        st_low = "|".join(s.lower() for s in STATE_ABBR + ZIP_ONLY_STATE_ABBR)
        self.postal_line_gate_re = re.compile(rf",[ ]?(?:{st_low})\.?,?[ ]\d{{5}}")  # military mail: in code
        self.postal_line_ci_re = re.compile(
            r"\b(?:\d{1,6}[a-z]?(?:[ ][a-z0-9][\w.'-]*){1,9}?,?(?:[ ]|[ ]*\n[ ]*)[a-z][\w.'-]*(?:[ ][a-z][\w.'-]*){0,2}"
            rf",[ ]?(?:{st_low})\.?,?"
            r"|(?:(?:psc|cmr|unit)[ ]\d{3,5},?[ ]box[ ]\d{3,5}|us(?:ns|nv|cgc|s)[ ][a-z]+),?\s+[adf]po[ ]a[aep])"
            r"[ ]\d{5}(?:-\d{4})?(?![\w-]|[ ]?(?:mg|ml|units?|mcg)\b)")
        # Street lines as much of Europe and Latin America write them: the street type first, after the house
        # number ("77 Rue de Rivoli", "12 Calle Mayor") or before it ("Calle Mayor 12", "Via Roma, 5"), or a
        # compound ending in the type, then the number ("Hauptstraße 5", "Keizersgracht 123")
        street_particle = r"(?:de|del|de[ ]la|des|du|d'|di|da|dos|das|do|della|la|le|les|los|las|von|van|der)"
        name_word = rf"(?:[{up}][{lo}'-]+|{street_particle})"
        street_types = ("Rue Avenue Boulevard Bd Chemin Allée Impasse Quai Calle Avenida Paseo Carrer Rua Travessa "
                        "Via Viale Piazza Corso Largo Vicolo Plaza Praça").split()
        street_type = f"(?:{'|'.join(street_types)})"
        street_name = rf"{street_type}(?:[ ]+{name_word}){{0,3}}[ ]+[{up}][{lo}'-]+"  # ends on a capitalised word
        # after a house number the type may be written in lower case ("12 rue Victor Hugo"), not "via"
        street_types_lower = "rue avenue boulevard allée chemin impasse quai calle avenida rua".split()
        street_type_lower = f"(?:{'|'.join(street_types_lower)})"
        # as a trie: one branch per first letter lets the engine skip ahead (5x faster than the alternation);
        # a word gate before it (the types in any case: "via" is an everyday word)
        self.street_type_words = en_lexicon.last_words(street_types)
        self.street_type_gate_re = re.compile(rf"{word_trie(street_types + street_types_lower, lower=False)}[ ]")
        self.street_first_re = re.compile(
            rf"[1-9](?<![\w.,/-].)\d{{0,4}}[A-Za-z]?,?[ ]+(?:{street_name}"
            rf"|{street_type_lower}(?:[ ]+{name_word}){{0,3}}[ ]+[{up}][{lo}'-]+)"
            rf"|(?<![\w-]){street_name},?[ ]+[1-9]\d{{0,4}}[A-Za-z]?(?![\w/.-])")
        compound_ends = ("straße", "strasse", "str.", "weg", "gasse", "allee", "platz", "damm", "ufer", "straat",
                         "gracht", "laan", "plein", "kade", "vej", "gatan", "gata", "veien")
        # a gate of the endings alone first (the lower-cased text): much faster than the full pattern
        self.street_compound_gate_re = re.compile(f"{word_trie(compound_ends)}[ ]")
        self.street_compound_re = re.compile(
            rf"[{up}][{lo}]+(?:{alternation(map(re.escape, compound_ends))})[ ]+[1-9]\d{{0,3}}[a-z]?(?![\w/.-])")
        # UK and Canadian postcodes: their letter-digit shapes are distinctive ("NW1 6XE", "SW1A 1AA", "K1A 0B1")
        postcode = (r"(?:[A-PR-UWYZ](?<![\w-].)[A-HK-Y]?\d[A-Z\d]?[ ]\d[ABD-HJLNP-UW-Z]{2}"
                    r"|[ABCEGHJ-NPRSTVXY](?<![\w-].)\d[ABCEGHJ-NPRSTV-Z][ ]\d[ABCEGHJ-NPRSTV-Z]\d)(?![\w-])")
        self.postcode_re = re.compile(postcode)
        self.postcode_gate_re = re.compile(r"[ ]\d[A-Z][A-Z\d](?![\w-])")  # the inward part: rare in notes, cheap
        # A value after an address label, to the end of its line or sentence, in any country's format
        # ("Address: Studio 25, Abbie Forest, Glenville, W7 5DS"); run on the lower-cased text.
        self.address_label_re = re.compile(
            r"(?<!to[ ])(?<!mac[ ])(?<!ip[ ])(?<!web[ ])(?<!mail[ ])"  # "issues to address:", "MAC address:"
            r"\b(?:(?:home|mailing|postal|street|patient|current|permanent|billing|shipping|residential|"
            r"pt|patient's|his|her|their|new|old|my)[ ])?address(?:[ ]line[ ]?\d)?(?:[ ]?[:=]|[ ](?:is|was)(?:[ ]now)?:?)[ \t]*"
            r"(?P<val>[^\n;|]{5,120}?)(?=[ \t]*(?:[\n;|]|$|\.$|[ ,](?:phone|tel|telephone|e-?mail|dob|mrn)\b))")
        # the lines after an address label's line, up to the one that ends with a postcode ("H.No. 97\nSule
        # Street\nKharagpur 243933"); short lines without a label of their own
        self.address_next_line_re = re.compile(r"\n[ \t]*(?P<line>[^\n:;|]{2,40}?)[ \t]*(?=\n|$)")
        self.line_ends_postcode_re = re.compile(rf"(?:\b\d{{4,6}}|{postcode})\.?$")
        # A whole postal address after a residence or mailing verb, from its house number or unit to its
        # postcode, in any country's order: numbers, capitalised words, commas and line breaks, no lower-case
        # word ("I live at 45/145, Rout Nagar, Guntur 100772"; "moved to 3 West at 1400" is no address)
        self.mail_tail_re = re.compile(  # after one of MAIL_VERBS, on the lower-cased text
            r"(?:[ ]it)?[ ](?:at|to)[ ]+(?=h\.no|flat|unit|studio|suite|apt|apartment|po[ ]box|\d)")
        address_token = r"(?:[A-Z0-9][\w./'\u2019-]*)"
        eircode = r"[A-Z]\d[\dW][ ]?[A-Z\d]{4}"
        self.postal_body_re = re.compile(
            rf"(?:H\.No\.|Flat|Unit|Studio|Suite|Apt\.?|Apartment|PO[ ]Box|\d[\w./-]*)"
            rf"(?:(?:,?[ ]+|,?[ ]*\n[ ]*){address_token}){{0,12}}?"
            rf"(?:(?:,?[ ]+|,?[ ]*\n[ ]*)(?:{postcode}|{eircode}|\d{{4,6}})|-\d{{6}})(?![\w-])")  # "Vellore-453840"
        # "Sangerhausen. Seen": not "St. Paul", "Apt. 4", "Heserstr. 9"
        self.sentence_end_re = re.compile(r"(?<=[a-z]{4})\.\s+(?=[A-Z][a-z])")
        # US military mail: "PSC 7602, Box 0776", "Unit 5131 Box 3735", "USNS Sanchez" (then "APO AE 12345")
        self.military_re = re.compile(r"\b(?:(?:PSC|CMR|Unit)[ ]\d{3,5},?[ ]Box[ ]\d{3,5}|US(?:NS|NV|CGC|S)[ ][A-Z][a-z]+)\b"
                                      r"(?:,?\s+[ADF]PO[ ]A[AEP](?=,?[ ]\d{5}))?")  # its post office and "state"
        self.pobox_re = re.compile(  # on the lower-cased text; with rural routes ("RR 3 Box 85", "HC 1 Box 12")
            r"\b(?:(?:p\.?[ ]?o\.?|post[ ]office)[ ]?box[ ]+\d{1,6}"
            r"|(?:rr|r\.r\.|rural[ ]route|hc|star[ ]route)[ ]?\d{1,3},?[ ]+box[ ]+\d{1,6})")
        # after a residence verb any street type will do: "lives nearby on Quill Inlet", "resides off Elm Ct"
        # (on the lower-cased text: "LIVES NEARBY ON QUILL SPRINGS" too; not "lives on the hill")
        self.home_street_re = re.compile(
            r"\b(?:lives|living|resides|residing)(?:[ ](?:nearby|close[ ]by|just|right|now))?[ ](?:on|off)[ ]"
            rf"(?P<bare>(?!(?:the|a|an|his|her|their|my|our|same)[ ])(?:[a-z]+[ ]){{1,2}}"
            rf"(?:{'|'.join(ci_suffixes)}))\b")
        self.bare_street_re = re.compile(  # "lives on Maple Street": no number
            rf"\b(?:[Oo]n|[Aa]t|[Nn]ear|[Oo]ff)[ ](?P<bare>(?:[{up}][{lo}]+[ ]){{1,2}}"
            rf"(?:{'|'.join(BARE_STREET_WORDS)}))\b")
        self.timed_entry_re = re.compile(rf"(?:[01]\d|2[0-3])[0-5]\d[ ]+[{up}][{lo}]+ed[ ]")
        # City before a state (+ ZIP). City words exclude street suffixes so the street line stays out.
        city_word = (rf"(?!(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Way|"
                     rf"Place|Pl|Terrace|Parkway|Pkwy|Pike|Highway|Hwy|Trail|Run|Apt|Suite|Ste|Unit|Box|Fl)\b)"
                     rf"(?:[{up}][{lo}]+(?:-[{up}][{lo}]+)?|[{up}]{{2,}}|St\.|Ft\.|Mt\.)")
        # "Frankfurt am Main", "Newcastle upon Tyne": a particle joins the words of a city
        city = rf"(?P<city>{city_word}(?:[ ](?:(?:am|an[ ]der|upon|sur|en|de|del|la)[ ])?{city_word}){{0,3}})"
        st_abbr = "|".join(STATE_ABBR)
        st_abbr_zip = "|".join(STATE_ABBR + ZIP_ONLY_STATE_ABBR)
        # the same line as Canada and Australia write it: "West Robert, ON M2Y 4H6", "Abigailfort, VIC, 2619"
        ca_post = r"[A-Z]\d[A-Z][ ]?\d[A-Z]\d(?![\w-])"
        au_post = r"\d{4}(?![\w-])"
        provinces, au_states = "|".join(CA_PROVINCES), "|".join(AU_STATES)
        self.city_state_re = re.compile(
            rf"(?=[A-Z])(?<!\w){city}(?:,?[ ]+(?P<st>{st_abbr_zip})\b\.?,?[ ]+(?P<zip>\d{{5}}(?:-\d{{4}})?)(?![\w-])"
            rf"|,?[ ]+(?P<prov>{provinces})\b,?[ ]+(?P<ca_zip>{ca_post})"
            rf"|,?[ ]+(?P<au_state>{au_states})\b,?[ ]+(?P<au_zip>{au_post})"
            rf"|,[ ]?(?P<stname>{STATE_NAMES})\b(?:,?[ ]+(?P<zip2>\d{{5}}(?:-\d{{4}})?)(?![\w-]))?"
            rf"|,[ ](?P<st2>{st_abbr})(?!\w))")
        self.state_gate_re = re.compile(rf",[ ]?(?:{st_abbr}|{STATE_NAMES})\b")  # opens with a plain ","
        # a province or an Australian state, then a postcode: city_state_re's gate (a literal space first: the
        # regex engine skips to each space)
        self.abroad_state_gate_re = re.compile(rf" (?:{provinces}|{au_states})(?![\w])\.?,?[ ]+(?:{ca_post}|{au_post})")
        # the street line right before "Town, ST 12345", from its house number or unit, whatever its street type
        self.street_before_town_re = re.compile(
            rf"(?:^|(?<=[\n:])|(?<=\bto[ ])|(?<=\bat[ ])|(?<=\bis[ ]))[ \t]*"  # a line's start, "send it to", "live at"
            rf"(?P<street>(?:(?:Unit|Suite|Apt\.?|Flat|Level|Studio)[ ][\w-]+,?[ ])?\d[\w/-]*"
            rf"(?:[ ][{up}][\w.'-]*){{1,5}}(?:,?[ ](?:Apt\.?|Suite|Unit)[ ][\w-]+)?),?\s+$")
        self.place_prep_re = re.compile(r"\b(?:in|from|near|lives|resides|residing|of)[ ]$")
        self.five_digits_re = re.compile(r"\d\d\d\d\d")  # the gate of ZIP patterns (no repeat first: tried everywhere)
        self.state_zip_re = re.compile(r"[A-Z](?<![\w-].)[A-Z](?!\w)\.?,?[ ](?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
        self.zip_cue_re = re.compile(r"zip(?:\s*code)?(?:\s*\+\s*4)?\s*[:#]?\s*(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
        # the city after a street line, with the postcode before it ("75001 Paris") or after it ("London NW1 6XE")
        self.after_addr_city_re = re.compile(
            rf"(?:[ ]*,[ ]*|[ ]*\n[ \t]*)(?:(?P<zip>\d{{4,5}})[ ]+)?{city}(?:[ ]+(?P<zip_after>\d{{5}}(?:-\d{{4}})?))?"
            rf"(?=[ ]*(?:[),;.\n]|$)|[ ]+[a-z]|[ ]+{postcode}[ ]*(?:[),;.\n]|$))")  # "..., apt 1, Kevinton 76757."
        # After a place cue ("lives", "moved"), within the same sentence, a preposition and a capitalised
        # place (Titlecase only: "moved to ICU" is not a city).
        # (hyphenated with a joiner: "Stratford-upon-Avon", "Saint-Jean-sur-Richelieu")
        city_tc = (rf"(?P<city>(?:(?:St|Ft|Mt)\.[ ])?[{up}][{lo}]+(?:-(?:(?:upon|on|sur|en|de|la|le|les|am|an)-)?[{up}][{lo}]+)*"
                   rf"(?:[ ][{up}][{lo}]+){{0,2}})(?!\w)")
        same_sentence = r"(?:[^.;:\n]|(?:(?<=Mr|Ms|Dr|St|Jr|Sr)|(?<=Mrs))\.)"
        self.place_in_re = re.compile(rf"{same_sentence}{{0,60}}?\b(?:[Ii]n|[Ff]rom|[Nn]ear)[ ](?:the[ ])?{city_tc}")
        self.place_to_re = re.compile(rf"[ ](?:here[ ]|back[ ])?(?:to|of)[ ](?:the[ ])?{city_tc}")
        self.place_more_re = re.compile(rf"{same_sentence}{{0,40}}?\b(?:[Tt]o|[Ff]rom)[ ](?:the[ ])?{city_tc}(?![ ]\d)")
        self.place_from_re = re.compile(rf"[ ](?:the[ ])?{city_tc}(?![ ](?:[Dd]isease|[Ss]yndrome)\b)")
        self.person_before_re = re.compile(  # on the lower-cased text
            rf"\b(?:i|he|she|we|they|who|{word_trie(RELATIONS)}|{word_trie(PERSON_WORDS)})[ ]$")
        self.place_office_re = re.compile(rf"[ ]{city_tc}(?=[ ](?:office|clinic|location|site|campus))")
        # a form's town field ("City: Dover", "Place of birth: Salem, OR"); not "Residence:" or "Home:", whose
        # values are as often "Home with wife" or a phone number
        self.city_label_re = re.compile(
            rf"(?i:\b(?:city|town|home[ ]?town|city[ ]of[ ]residence|place[ ]of[ ]birth|birth[ ]?place)[ \t]*:[ \t]*)"
            rf"{city_tc}")

        # ---- facilities: a head word first ("Hospital"), then the capitalised words before it ----
        self.facility_head_re = re.compile(rf"{word_trie(FACILITY_HEADS.split('|'), lower=False, word_start=True)}"
                                           r"(?!\w)(?!['\u2019](?!s\b))")
        self.facility_head_words = en_lexicon.last_words(FACILITY_HEADS.split("|"))  # its word gate
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
        self.facility_at_words = frozenset(  # with "at", the word gate of its "at" branch
            "gardens village villages residence residences terrace terraces commons pavilion courtyard courtyards "
            "meadows pointe estates landing manor heights".split())
        self.pharmacy_ctx_re = re.compile(r"pharmacy|rx|meds|medications|prescriptions?|refills?|pick[ -]?up")
        self.payer_before_re = re.compile(r"(?:insurance|payer|plan|insurer|coverage|carrier|updated)\s*:?\s*$")

        # ---- place cues: a word that puts a city after it ("lives in", "moved to", "at our") ----
        self.place_trigger_re = re.compile(rf"\b(?:{word_trie(PLACE_TRIGGERS)})(?!\w)")
        self.place_trigger_words = en_lexicon.last_words(PLACE_TRIGGERS)  # its word gate
        self.ss_no_re = re.compile(r"ss\s*no")  # the cue below in any spacing: its gate
        self.ssn_cue_re = re.compile(
            r"\b(?:ssn|ss#|ss\s*no\.?|soc(?:ial)?\s*sec(?:urity)?(?:\s*(?:number|no\.?|#))?)"
            r"(?:\s*\(?(?:last\s*(?:4|four))\)?)?\s*[:#]?\s*,?\s*(?:is\s*)?\(?(?:xxx|\*{3})?[- ]?(?:xx|\*{2})?[- ]?"
            r"(?P<val>\d{3}[-. ]?\d{2}[-. ]?\d{4}|\d{4})(?![\w-])"
            r"|\blast\s+(?:4|four)\s+(?:digits\s+)?of\s+(?:the\s+)?(?:ssn|social(?:\s+security)?)\s*\(?[:#]?\s*"
            r"(?P<val2>\d{4})(?!\d)"
            # nine digits a few words after the cue: "SSN on file is 078051120", "social: 078 05 1120"
            r"|\b(?:ssn|social(?!\s*(?:work|history|hx|services))(?:\s*security)?(?:\s*(?:number|no\.?|#))?)(?:\s+[a-z]+){0,3}\s*[:#]?\s*(?:is\s*)?"
            r"(?P<val3>(?<!\d)\d{3}[-. ]?\d{2}[-. ]?\d{4})(?![\w-])")
        # Payment cards: 13-19 digits from an issuer's range (2-6), whole or in groups of 4 (Amex 4-6-5,
        # Diners 4-6-4) split by one space or hyphen; kept when the Luhn digit checks (in code).
        self.card_re = re.compile(r"[2-6](?<![\w.,/-].)\d{3}(?P<sep>[ -]?)(?:\d{4}(?P=sep)\d{4}(?P=sep)"
                                  r"(?:\d{4}(?P=sep)\d{1,3}(?![\w-]|[.,/]\d)|\d{1,7})"  # 19 digits as 4-4-4-4-3
                                  r"|\d{6}(?P=sep)\d{4,5})(?![\w-]|[.,/]\d)")
        # IBAN (ISO 13616): country, two check digits, up to 30 letters and digits, grouped by four or not;
        # kept when the mod-97 check holds (in code).
        self.iban_re = re.compile(  # its short last group holds a digit: "... 5946 thx" ends at 5946
            r"[A-Z](?<![A-Za-z0-9].)[A-Z]\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?(?=[A-Z]{0,2}\d)[A-Z0-9]{1,3})?\b")
        self.iban_low_re = re.compile(self.iban_re.pattern.replace("A-Z", "a-z"))  # "refund to iban it26 k286 ..."
        # Medicare Beneficiary Identifier (CMS): 11 characters in a fixed letter/digit pattern (no S L O I B Z),
        # dashes 4-3-4 or none. (These patterns open with a character class, not \b: the engine skips ahead.)
        mbi_a, mbi_an = "[AC-HJKMNP-RT-Y]", "[AC-HJKMNP-RT-Y0-9]"
        self.mbi_re = re.compile(rf"[1-9](?<![A-Za-z0-9].){mbi_a}{mbi_an}\d(?P<d>-?){mbi_a}{mbi_an}\d(?P=d)"
                                 rf"{mbi_a}{{2}}\d{{2}}\b")
        # 3-2-4 groups split by hyphens or by single spaces (never mixed), not the tail of a row of numbers
        # (or dots: 123.45.6789; a version or decimal has other groups)
        self.ssn_re = re.compile(r"[0-8](?<![\w.-].)(?<!\d[ ].)(?<!000)(?<!666)\d\d(?<!000)(?<!666)(?P<sep>[-. ])(?!00)\d{2}(?P=sep)"
                                 r"(?!0000)\d{4}(?![\w-]|[ .]\d)")
        # A token of capitals and digits, hyphenated or not, read as an identifier when it holds nine or more
        # digits (in code): whatever its cue, or with none, an account, card, member or record number; not
        # a decimal, a slash or comma list, 1,000,000,000, nor space-split groups (I/O 2400 1900 2100).
        # From a token's start only (the look-behind fails fast elsewhere; a start inside a run of A1A1...
        # would rescan it: quadratic), nine characters at least, no backtracking (possessive quantifiers).
        self.long_number_re = re.compile(
            r"[A-Z0-9](?<![\w.,/-].)(?=[A-Z]{0,30}\d)(?=[A-Z0-9-]{8})[A-Z0-9]*+(?:-[A-Z0-9]++)*+(?![\w-]|[.,/]\d)")
        # a count with its unit after it: "250000000 per L", "100000000 CFU/mL", "120000000 copies"
        self.count_unit_after_re = re.compile(r"[ ]?(?:per\b|/|cfu|copies|iu\b|u/|cells|units?\b|mg|mcg|ml\b)",
                                              re.IGNORECASE)
        self.zip4_re = re.compile(r"\d(?<![\w.,/-].)\d{4}-\d{4}(?![\w-]|[.,/]\d)")  # ZIP+4 has no other use
        self.zip4_gate_re = re.compile(r"-(?<=\d{5}-)\d{4}")  # from its hyphen: a literal the engine skips to
        # The cue after the value: "please verify 078051120 as my SSN", "enter 02139 as the billing zip"
        self.cue_after_re = re.compile(
            r"[ ](?:is|as|was|=)[ ](?:(?:my|his|her|their|our|your|the|a|an)[ ])?(?:[a-z]+[ ]){0,2}?"
            r"(?:(?P<SSN>ssn|social\s+security(?:\s+number)?)|(?P<ZIP>zip(?:\s*code)?|postal\s+code|postcode)"
            r"|(?P<ACCOUNT>account(?:\s+number)?|acct|card(?:\s+number)?|routing\s+number|iban)"
            r"|(?P<LICENSE>(?:driver'?s?\s+)?licen[cs]e(?:\s+number)?)|(?P<NATIONAL_ID>passport(?:\s+number)?)"
            r"|(?P<HEALTH_PLAN>member\s+(?:id|number)|policy\s+number)|(?P<MRN>mrn|medical\s+record\s+number))(?!\w)")
        # the whole value before it, its groups split by spaces, hyphens, dots or slashes (12.345.678-9)
        self.value_before_re = re.compile(r"(?<![\w.,/-])(?=[A-Za-z]*\d)[A-Za-z0-9]+(?:[ ./-]\d[A-Za-z0-9]*)*$")


resources = built_twice(Resources)


def resources_for(text: str) -> Resources:
    """The patterns to scan ``text`` with: the ASCII twin where it matches the same (most notes)."""
    if text.isascii() and not ("\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text):
        return resources(True)
    return resources()


class Spans:
    """Candidate collector: (start, end, label, recognizer, score)."""

    __slots__ = ("items", "lost")

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str, str, float]] = []
        self.lost: list[tuple[int, int, str, str, float]] = []

    def add(self, start: int, end: int, label: str, recognizer: str, score: float) -> None:
        if end > start:
            self.items.append((start, end, label, recognizer, score))

    def resolve(self) -> list[PhiSpan]:
        """Greedy by score, then length: keep a span only if it overlaps none kept so far. A span that
        loses to one kept span of its own label and reaches past it widens that span ("Zoe Saldana" kept,
        "Zoe Saldana-Perez" lost): what either recognizer took is removed. The other losers are kept in
        ``lost`` for leftovers()."""
        starts: list[int] = []
        kept: list[tuple[int, int, str, str, float]] = []
        lost = []
        for item in sorted(self.items, key=lambda t: (-t[4], t[0] - t[1], t[0])):
            s, e = item[0], item[1]
            i = bisect.bisect_right(starts, s)
            if i and kept[i - 1][1] > s or i < len(kept) and kept[i][0] < e:
                lost.append(item)
                continue
            starts.insert(i, s)
            kept.insert(i, item)
        self.lost = []
        for item in lost:
            s, e, label = item[:3]
            i = bisect.bisect_right(starts, s)
            k = i - 1 if i and kept[i - 1][1] > s else i  # the first kept span it overlaps
            winner = kept[k]
            if s >= winner[0] and e <= winner[1]:
                continue
            if winner[2] != label:
                self.lost.append(item)
                continue
            if (k and kept[k - 1][1] > s) or (k + 1 < len(kept) and kept[k + 1][0] < e):
                continue  # it overlaps two kept spans: left as they are
            kept[k] = (min(s, winner[0]), max(e, winner[1]), *winner[2:])
            starts[k] = kept[k][0]
        return [PhiSpan(*item) for item in kept]

    def leftovers(self, text: str, spans: list[PhiSpan]) -> list[PhiSpan]:
        """``spans`` (sorted, apart) and, under its own label, what a span that lost to another label took
        outside them, trimmed to its letters and digits: a phone number whose last digits an address took
        loses no digit."""
        spans = list(spans)
        for s, e, label, recognizer, score in sorted(self.lost, key=lambda t: (-t[4], t[0] - t[1], t[0])):
            starts = [span.start for span in spans]
            pos, pieces = s, []
            for span in spans[max(0, bisect.bisect_right(starts, s) - 1):]:
                if span.start >= e:
                    break
                if span.end > pos:
                    pieces.append((pos, min(span.start, e)))
                    pos = max(pos, span.end)
            pieces.append((pos, e))
            for a, b in pieces:
                while a < b and not text[a].isalnum():
                    a += 1
                while b > a and not text[b - 1].isalnum():
                    b -= 1
                if b > a:
                    bisect.insort(spans, PhiSpan(a, b, label, recognizer, score))
        return spans
