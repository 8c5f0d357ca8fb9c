"""English dates and ages over 89: their patterns (compiled once per process, on first use) and recognizers.

A date is found by its shape (2021-03-14, March 14, 14-Mar-2021, CABG '92); a shape that is as often a ratio,
a score, a dose or a setting (3/14, 5-19, the 14th) only with a date word, a listed date or a line start beside
it. An age is PHI only over 89, with a unit or a cue (92-year-old, age: 97, turned ninety-four).
"""

from __future__ import annotations

import datetime
import re

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_patterns import Resources, Spans, alternation, word_trie
from medcorpus.transforms.deid.pattern_sets import built_twice
from medcorpus.transforms.deid.en_tables import LONE_WEEKDAYS, MONTH_NAMES, MONTHS, WEEKDAYS


class DatePatterns:
    """The compiled date and age patterns; one instance per process."""

    def __init__(self) -> None:
        self.lone_weekday_gate_re = re.compile("|".join(LONE_WEEKDAYS))
        # word gates (en_lexicon.word_set) before the two gate scans, in ASCII text, where a letter is [A-Za-z]
        self.lone_weekday_words = en_lexicon.last_words(LONE_WEEKDAYS)
        self.month_words = en_lexicon.last_words(MONTHS)
        mon_words = []
        for m in MONTHS:
            mon_words += [m.capitalize(), m.upper()]
        # as tries: every capital letter of a note is tried as a date's start (twice as fast as alternations)
        mon = rf"(?:{word_trie(mon_words, lower=False)})\.?"
        wday = word_trie([w.capitalize() for w in WEEKDAYS] + [w.upper() for w in WEEKDAYS], lower=False)
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        ordsfx = r"(?:st|nd|rd|th|ST|ND|RD|TH)"  # "the 21ST" in an all-capitals note
        year = r"(?:1[89]\d\d|20\d\d)"
        # Two passes, each guarded by its first character ((?=\d), (?=[A-Z])) so that the alternatives are
        # tried only where a date can start.
        self.date_num_re = re.compile(
            rf"(?=\d)(?<![\d/.])(?<![\d/.]-)(?:"
            # 2021-03-14, 2021/03/14
            rf"(?P<iso>{year}[-/.](?:1[0-2]|0?[1-9])[-/.](?:3[01]|[12]\d|0?[1-9])"
            r"(?:[Tt](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:?\d\d)?(?![\w:])"
            r"|(?=[Tt]\d\d?:)|(?![\w/-]|\.\d)))"  # with its ISO time of day (the date stays a date without one)
            # 20210314: eight digits that read as a date (validated in code; a longer number is an identifier)
            rf"|(?P<compact>(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?:(?=T\d\d:)|(?![\w/-]|[.,]\d))"
            # a range 5/15-5/24/2021, 5/15/2021-5/24/2021: one date, its year written once or twice
            r"|(?P<range>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d\d))?[-\u2013]\d{1,2}/\d{1,2}/(?:\d{4}|\d\d))(?![\w/]|[.-]\d)"
            # 031421: six digits, a date only after a date word (checked in code)
            r"|(?P<compact6>(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d\d)(?![\w/-]|[.,]\d)"
            # 03/14/2021, 3-14-21, 14.03.2021
            rf"|(?P<num>\d{{1,2}}(?P<sep>[/-])\d{{1,2}}(?P=sep)(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.\d{{1,2}}\.{year})(?![\w/]|[.-]\d)"
            # 3.14.21: as often a section or version number, so checked for a date word before it in code
            rf"|(?P<dotted>\d{{1,2}}\.\d{{1,2}}\.\d\d)(?![\w/]|[.-]\d)"
            # 14-Mar-2021, 12-Sep, 14 March 2021, 14th of March, 26 JAN 2017, 14MAR2021
            rf"|(?P<dmy>{day}{ordsfx}?-(?:{mon})(?:-(?:{year}|\d\d)(?![\d:])|(?<!\.)(?![\w-]))|{day}(?:{mon})(?:{year}|\d\d)(?!\w)"
            rf"|{day}{ordsfx}?(?:[ ]|[ ](?:of|OF)[ ])(?:{mon})(?:(?:[ ,]|,[ ]){{1,2}}(?:{year}|'?\d\d(?![\d:])))?"
            # in lower case only with its year: "07 march 1953", "24-jul-2026", "27may2023" ("2 may" is no date)
            rf"|{day}{ordsfx}?(?P<lsep>[ -])(?:{word_trie(MONTHS, lower=False)})\.?(?:(?P=lsep)|,[ ]){year}(?!\d)"
            rf"|{day}(?:{word_trie(MONTHS, lower=False)}){year}(?!\d)"
            # ... or after an ordinal day: "27th of aug", "5th december" (but "the 5th may be")
            rf"|{day}{ordsfx}[ ](?:of[ ](?:{word_trie(MONTHS, lower=False)})\.?|(?!may\b){word_trie(MONTH_NAMES)})"
            rf"(?:,?[ ]{year}(?!\d))?"
            # a range of days, in any case with its year: "4-7 March 2019", "12th-14th of may, 2020", a night
            # shift's "1->2 nov, 96"
            rf"|{day}{ordsfx}?(?:[-\u2013]|->){day}{ordsfx}?[ ](?:of[ ])?(?:{mon}|{word_trie(MONTHS, lower=False)}\.?)"
            rf"(?:,?[ ]{year}(?!\d)|,[ ]?'?\d\d(?![\d:.])))(?![\w])"
            # "12 jun 08": a lower-case month with a two-digit year, only after a date word (checked in code;
            # not "may" and "dec": "started 2 may 10 times")
            rf"|(?P<dmy_yy>{day}[ ](?!may|dec)(?:{word_trie(MONTHS, lower=False)})\.?[ ]\d\d)(?![\w:]|[.,]\d)"
            # 03/2021
            rf"|(?P<my>(?:1[0-2]|0?[1-9])/{year})(?![\w/])"
            # 3/14 (validated and context-checked in code)
            # 3/14, and a range 6/30-7/2 (validated and context-checked in code)
            rf"|(?P<md>(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:-\d{{1,2}}/\d{{1,2}}(?![\w/%]|\.\d))?)(?![\w/%]|\.\d|-\d)"
            # 5-19 ending a clause: a date only right after a date word (checked in code); "on 2-3 L" is none
            r"|(?P<md_dash>(?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9]))(?=[.;,)]|[ ]?\n|[ ]?$)(?![.,]\d)"
            # 14th (only "on the 14th": checked in code)
            rf"|(?P<ordinal>{day}{ordsfx})\b)")
        # a year written with an apostrophe: "CABG '09", "CVA 74'" (feet and degrees are checked in code)
        # (opens with the apostrophe, so the engine skips ahead to it; "trail" is checked by lookbehind)
        self.apostrophe_year_re = re.compile(
            r"['\u2019](?:(?<![\w'\u2019].)(?P<lead>\d\d)(?![\w'\u2019\"]|[.,]\d)"
            r"|(?<=[^\w'\u2019.,/-]\d\d['\u2019])(?P<trail>)(?![\w'\u2019\"]))")
        self.word_before_re = re.compile(r"(?P<w>[\w/]+)[ ]{1,2}$")
        self.length_after_re = re.compile(r"[ ]?(?:long|wide|tall|high|deep|x|by|feet|ft|in|inches|away)\b")
        self.date_name_re = re.compile(
            rf"(?=[A-Z])(?<!\w)(?:"
            # March 14, 2021; Mar 14th; Sept. 3; Monday, March 14; July 11-14, 2024; Jul-03-2024; Sep-12
            rf"(?P<mdy>(?:(?:{wday}),?[ ])?(?:{mon})[ ]?{day}{ordsfx}?(?:[-\u2013]{day}{ordsfx}?)?(?![\d:.]\d|\w)(?:,?[ ]{year}(?!\d))?"
            rf"|(?:{mon})(?P<msep>[-/]){day}(?P=msep)(?:{year}|\d\d)(?![\w/-])"  # Jul-03-2024
            rf"|(?:{mon})-{day}(?![\w/-]|[.:]\d))"  # Sep-12, as spreadsheets write a date
            # Mar 2021, March of 2021
            rf"|(?P<my>(?:{mon})(?:[ ](?:of|OF))?,?[ ](?:{year}(?!\d)|['\u2019]\d\d(?![\w'\u2019]|[.,]\d)))"
            # "back in November": a month name alone (a date element), kept only after a time preposition
            rf"|(?P<mon>{alternation(m.capitalize() for m in MONTH_NAMES)})(?![\w-]))")
        # date_name_re's gate: a month word where a word starts and no letter goes on ("Decreased", "Sepsis"
        # do), which every date_name_re match holds; it opens with capitals, which the engine skips ahead to
        self.month_word_gate_re = re.compile(rf"{word_trie(mon_words, lower=False, word_start=True)}(?![A-Za-z])")
        self.month_before_re = re.compile(
            r"\b(?:in|since|from|until|till|during|through|last|early|late|mid|before|after|of|"
            r"between|around|by)[ -]$|\bit(?:[ ]+(?:is|was)|'?s)[ ]$")  # and an orientation answer: "thinks it is July"
        self.ordinal_before_re = re.compile(
            r"\b(?:on|since|until|till|by|from|through|before|after|of|dated|visit|appt|appointment|due|scheduled)[ ]the[ ]$")
        self.md_before_re = re.compile(
            r"(?i:\b(?:on|since|from|to|through|thru|until|till|by|dated|date|dos|seen|as\s+of|starting|"
            r"started|start|beginning|began|admitted|admission|adm|discharged|discharge|dc|d/c|last|prior|before|"
            r"after|between|and|visit|appt|appointment|f/u|follow-?up|surgery|s/p|comparison|comparisons|compared|"
            r"effective|scheduled|due|expires?|exp|done|drawn|collected|performed|obtained|placed|changed|"
            r"removed|ended|stopped|held|resumed|week\s+of|weekend\s+of|night\s+of|morning\s+of|evening\s+of|"
            r"born|dob|birthday|onset|returned|return|rtc|repeat|recheck|next|today|yesterday|tomorrow|"
            r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
            r"saturday|sunday|for|last\s+dose|dose\s+on)\b\.?|[:@]|-)\s*$")
        # an eight-digit date's other contexts: a header or record word ("Sent: 20190108", "D.O.B. 20080305",
        # "implanted 20151217"), a letter's date on its own line; and a time of day after it
        self.compact_context_re = re.compile(
            r"(?:\b(?:sent|received|signed|implanted|dictated|transcribed|printed|d\.o\.b)\.?[ ]*:?|(?:^|\n)[ \t]*)$")
        self.time_after_re = re.compile(r"[ ]+(?:at[ ]+)?\d{1,2}:\d\d(?!\d)")
        self.week_of_re = re.compile(r"(?i:\b(?:week|weekend|night|morning|evening|end|middle|beginning)\s+of)\s*$")
        self.md_strong_before_re = re.compile(
            r"(?i:\b(?:on|since|dated|date|dos|seen|admitted|discharged|born|dob|visit|appt|appointment|"
            r"dates?[ ]of[ ][a-z]+|service[ ]date|"
            r"surgery|s/p|starting|started|until|as\s+of|post|cabg|mi|cath|xrt|extubated|intubated|"
            r"extubate|extub|reintubated|placed)\b\.?"
            r"|\b(?:f/u|follow[- ]?up|appt|appointment)\s+(?:w/|with)\s+dr\.?\s+[a-z'-]+(?:\s+[a-z'-]+){0,2})\s*[:-]?\s*$")
        # month names in any case, on the lower-cased text: "nov. 2016", "oct 10", "october 3rd, 2019" (a trie
        # with no leading \b scans fast; the word start is checked in code)
        self.weekday_before_re = re.compile(rf"(?<![a-z])(?:{word_trie(WEEKDAYS, lower=False)}),?[ ]$")
        # a weekday on its own names a day near the note's date ("extubated Monday"; i2b2's guidelines mark it):
        # full names and the abbreviations that are no other word (not "sat", "sun", "wed", "mon")
        self.weekday_re = re.compile(rf"(?<![a-z])(?:{alternation(LONE_WEEKDAYS)})(?![a-z])")
        # ... and beside one of those, in a list, any abbreviation: "mon, thurs, sat", "mon/wed/fri"
        any_day = f"(?:{alternation(WEEKDAYS + LONE_WEEKDAYS)})"
        list_gap = r"(?:\.?[ ]?[,/&+-][ ]?|\.?[ ]and[ ]|\.?[ ])"
        # (not "sat"/"sun" that read as saturation or sunlight: "Monday sat 92%", "O2 sat Friday", "sun exposure")
        not_day_after = r"(?!\.?[ ]?(?:\d|%|exposure|light|burn|screen|block))"
        self.weekday_next_re = re.compile(rf"{list_gap}(?P<w>{any_day})(?![a-z]){not_day_after}")
        self.weekday_prev_re = re.compile(rf"(?<![a-z])(?<!o2[ ])(?<!02[ ])(?P<w>{any_day}){not_day_after}{list_gap}$")
        self.month_low_re = re.compile(
            rf"(?:{word_trie(MONTHS)})\.?(?:(?P<year>(?:[ ]of)?,?[ ]{year}(?!\d)|(?:,[ ]?'?|[ ]['\u2019])\d\d(?![\d:.]))"
            rf"|[ ]?{day}{ordsfx}?(?:[-\u2013]{day}{ordsfx}?)?(?![\d:/.]\d|[\w%])(?:,?[ ]{year}(?!\d))?"
            rf"|-{day}(?:-(?:{year}|\d\d))?(?![\w-]|[.:]\d))")  # "oct-9", "apr-01-2017"
        # a day before its month, without a year, in any case ("admitted 23 feb", "next visit: monday 5 june", "16
        # november 18:16"); run on the lower-cased text, opening with a digit the engine skips ahead to
        # (the month is found first, " " and its trie, and the day read back from it: a pattern opening with a digit
        # is tried at every digit of a note)
        self.day_month_low_re = re.compile(
            rf"[ ](?:of[ ])?(?P<mon>{word_trie(MONTHS)})\.?(?![a-z]|[ ]?\d{{4}}|[ ]'?\d\d\b)")
        self.day_before_re = re.compile(r"(?<![\w/.:-])\d{1,2}(?:st|nd|rd|th)?$")
        self.dose_after_re = re.compile(r"[ ]?(?:mg|mcg|cc|ml|units?|u|l|mmhg|meq|x)\b")
        # a fraction: "1 1/2 tabs", "1/2 ns"
        self.mixed_fraction_re = re.compile(r"(?<![\d.])\d[ ]$")
        self.fraction_after_re = re.compile(r"\s*(?i:ns|nss|normal|strength|tabs?|tablets?|dose|cup|amp)\b")
        # ventilator settings ("cpap/ps 10/5", "psv 12/5/40%"), never dates
        self.vent_before_re = re.compile(
            r"(?i:\b(?:ps|psv|ips|eps|cpap|bipap|peep|pip|vent|mode|settings|simv|imv|a/c|pressure\s+support|"
            r"trach\s+mask|fio2)\b)(?:[^.;\n]|\.\d){0,25}$")
        # context that makes a grade-like 4/1 a date (phi_en._date_context)
        self.md_event_before_re = re.compile(
            r"(?i:\b(?P<w>[a-z]{3,}ed|extub|intub|reintub|extubate|adm|admit|sscp|cp|d/c|dc'?d|x-?fer|wened|"
            r"seen|drawn|fell|fall|event|episode|arrest|code|onset|since|from|until|till|dated|on)\b\.?)\s*:?\s*$")
        # a month/day listed with another date: the gap before it ("3/10 and "), the date after it (" and 8/27")
        self.md_listed_after_re = re.compile(r"\s*(?:[,\u2013-]|(?i:and|or|to|through|thru)(?![\w/]))\s*$")
        self.md_listed_next_re = re.compile(
            r"\s*(?:[,\u2013-]|(?i:and|or|to|through|thru)\b)\s*(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])")
        self.md_line_start_re = re.compile(r"(?:^|\n|[.!?][ ]{1,3})[ \t*#-]*$")
        self.md_line_after_re = re.compile(
            r"\s*(?:[-:,]|\d{3,4}\b|\d{1,2}\s*(?:a|p)\b|\d{1,2}\s*(?i:wks?|weeks?|days?|d|hrs?|mos?|months?)\b"
            r"|(?i:night|nights|days?|eve|evening|noc|shift|nsg|nursing|"
            r"npn|note|update|events?|csru|micu|sicu|ccu|[a-z]*icu|admit|admission|progress|hx|"
            r"[0-9]{1,2}\s*(?:am|pm|p|a))\b)")
        self.md_exam_before_re = re.compile(r"(?i:\b(?:strength|power|motor|reflexes|pulses|pupils|grip)\b)")
        self.md_place_after_re = re.compile(
            r"\s+(?:at|in)\s+(?:an?\s+|the\s+)?(?!(?i:elbows?|wrists?|knees?|ankles?|shoulders?|hips?|rest|"
            r"baseline|both|all|each|upper|lower|right|left|proximal|distal)\b)[A-Za-z]{3,}")
        self.md_grade_after_re = re.compile(
            r"\s*(?i:(?:r|l|rt|lt|b|bil|bilat|bilateral|right|left)?\s*(?:ue|le|ues|les|ue's|le's|upper|lower|arms?|"
            r"legs?|ext|extrem\w*|grip|hands?|feet|foot|toes|fingers|deltoids?|biceps|triceps|quads?|hips?|"
            r"pupils?|brisk|sluggish|briskly|reactive|mm|equal|throughout|strength|motor|with|w/|and|or|"
            r"prox\w*|dist\w*|flexion|extension|wrist|elbow|knee|ankle|shoulder|pain|cough|contractions?)\b|/)")
        self.md_in_re = re.compile(r"(?:^|[ (])(?:[Ii]n|IN)[ ]$")
        self.md_time_after_re = re.compile(r"\s*(?:@|at|~)?\s*\d{1,2}:\d{2}|\s*[@~]\s*[0-2]?\d[0-5]\d\b"
                                           r"|\s*(?:@|at)\s*\d{1,2}\s*(?i:am|pm|a\.m\.|p\.m\.)")  # "on 12/12 at 2 PM"
        # "on" after a visit word names a day, even a grade-like one ("visit on 2/2"; "weaning on 5/5" is a setting)
        self.visit_on_re = re.compile(
            r"(?i:\b(?:visit|appt|appointment|seen|scheduled|surgery|procedure|admitted|discharged|follow[- ]?up|f/u|"
            r"began|started|occurred|happened)"
            r"\s+on\s*)$")
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
            r"\s*(?:$|[.,;:!?)\n]|(?i:at|of\s+(?:this|that|last|next|the)?\s*(?:month|" + alternation(MONTHS) +
            r")|when|where|in|for|to|with|but|he|she|they|we|i|was|is|which|after|before|around|"
            r"[a-z]+ed)\b)")  # "on the 6th showed"; but "on the 6th floor"

        # ---- ages 90+: the number first, then its context ----
        # (the digit before what stands behind it: a pattern that opens with a literal is skipped ahead to)
        self.age_num_re = re.compile(r"(?:9(?<![\w.$/-].)\d|1(?<![\w.$/-].)[01]\d)(?![\d]|[.,]\d)")
        # 92-year-old, 95 yo, 92 YOF, (101 y), 97 F, 104M, 103/F
        self.age_unit_re = re.compile(
            r"(?i:[ -]?(?:years?|yrs?|y\.?o\.?|yo|y/o|yr?s?\.?)(?:[ -]?old)?\b|[ ]?(?:yo[mf]?|y)\b|[ ]?/?[ ]?(?:male|female)\b"
            r"|-?(?:year|yr)-old|(?:st|nd|rd|th)[ ]birthday|y[mf]\b)|[ ]?/?[ ]?[MF]\b"  # "her 100th birthday", "91yF"
            # "97m nursing home resident", "94f with dementia": a glued m or f is metres or a flow elsewhere
            r"|[mf](?=[ ,](?:who|nursing|admitted|presents|presenting|resident|gentleman|lady|woman|man|"
            r"s/p|h/o|hx|c/o|pt|patient)\b)"
            r"|[mfMF](?=[ \t]*(?:\||#|(?i:mrn)\b))")  # a sign-out row's "NASSER, BILAL, 96m  MRN ..."
        # the same in words: "ninety-four years old", "a one hundred and two year old" (lower-cased text)
        units = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        tens = rf"(?:ninety|one[ ]hundred(?:[ ]and)?(?:[ -]{units})?)"
        # "Mrs. Oyelaran, 93, was seen": an age set off by commas right after a name
        self.age_apposition_re = re.compile(r"[A-Z][\w'\u2019-]*[a-z],[ ]$")
        # "At 93, she still drives": an age opening a sentence before its person (lower-cased text)
        self.age_at_re = re.compile(r"(?:^|[.!?][ ]+|\n)at[ ]$")
        self.age_at_person_re = re.compile(r",[ ](?:he|she|the[ ]patient|pt|mr|mrs|ms|my|his|her)\b")
        self.age_words_re = re.compile(rf"\b{tens}(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?\b")
        self.age_words_unit_re = re.compile(r"[ -](?:years?|yrs?)(?:[ -]old)?\b")  # "ninety-four years old"
        # "turned ninety-four", "aged ninety", "she is ninety-one"; not "was ninety minutes late"
        self.age_words_turned_re = re.compile(r"\bturn(?:ed|s|ing)[ ]+$")
        self.age_words_count_re = re.compile(r"[ ](?:percent|degrees|minutes|seconds|hours|days|weeks|months|"
                                             r"times|patients|people|cases|units|mg|ml|kg|pounds|dollars|points)\b")
        # age: 101, aged 95, died at age 97, lived to 95, mother is 96 (searched in the lower-cased text)
        self.age_cue_re = re.compile(
            r"\b(?:age[ds]?|aged|age\s+of|at\s+age|lived\s+to|died\s+at|passed(?:\s+away)?\s+at|age/sex"
            r"|turn(?:s|ed|ing)?|reached\s+(?:the\s+)?age\s+of)"
            r"[ \t]*[:|]?[ \t]*~?$"  # "| Age | 97 |", "she turned 97", "Age ~92"
            r"|\b(?:he|she|patient|pt|mother|father|mom|dad|husband|wife|sister|brother|aunt|uncle|"
            r"grandmother|grandfather|spouse|partner|who)\s+(?:is|was)\s+(?:now\s+)?$|\bi(?:'m|\s+am)\s+(?:now\s+)?$")
        self.temp_before_re = re.compile(r"\b(?:t|temp|temperature|tmax|tm|tc|pulse|hr|rr|sat|sats|spo2|o2|"
                                         r"bp|weight|wt|glucose|bg|fsbg|hgb|hct|plt|wbc|na|k|cl|bun|cr|score|"
                                         r"ef|sbp|dbp|map|rate)\b[\s:=]*(?:of|was|is)?\s*$")

patterns = built_twice(DatePatterns)


def _valid_md(m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31


def _valid_ymd(digits: str) -> bool:
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False  # 20210231
    return True


def dates(text: str, low: str, res: Resources, out: Spans) -> None:
    p = patterns(res.ascii_mode)
    gated = (not text.isascii() or not p.month_words.isdisjoint(en_lexicon.word_set(text))) \
        and p.month_word_gate_re.search(text)
    for m in p.date_name_re.finditer(text) if gated else ():
        if m.group("mon"):
            if p.month_before_re.search(low, max(0, m.start() - 9), m.start()):
                out.add(m.start(), m.end(), "DATE", "en.date.month", 0.75)
        elif m.group("mdy"):
            # "May 5" without a year: "May" is a verb too (only the capitalised month is matched)
            out.add(m.start(), m.end(), "DATE", "en.date.text", 0.8 if m.group()[:3] == "May" else 0.92)
        else:
            out.add(m.start(), m.end(), "DATE", "en.date.month_year", 0.9)
    for m in p.month_low_re.finditer(low) if not p.month_words.isdisjoint(en_lexicon.word_set(text)) else ():
        s = m.start()
        if s and low[s - 1].isalpha():
            continue  # inside a word
        if m.group("year"):
            out.add(s, m.end(), "DATE", "en.date.month_year", 0.85)
        elif (text[s].islower() or text[s:s + 3].isupper()) and not p.dose_after_re.match(low, m.end()):
            # capitalised ones are date_name_re's; "may 2" and "dec 10" (decrease) are as often no dates,
            # but not with a year after them ("dec 17 2011"), an ordinal day ("may 25th"), a weekday or a
            # date word before them ("friday, may 3", "seen on may 22") nor written as dates ("may-24",
            # "dec. 26"); a weekday before the date is part of it
            wday = p.weekday_before_re.search(low, max(0, s - 12), s)
            if low[s:s + 4].rstrip(" ") in ("may", "dec") and not (
                    wday or low[m.end() - 4:m.end()].isdigit() or low.endswith(_ORDINAL_SUFFIXES, s, m.end())
                    or p.md_strong_before_re.search(low, max(0, s - 25), s)):
                continue
            out.add(wday.start() if wday else s, m.end(), "DATE", "en.date.text", 0.8)
    for m in p.day_month_low_re.finditer(low) if not p.month_words.isdisjoint(en_lexicon.word_set(text)) else ():
        day = p.day_before_re.search(low, max(0, m.start() - 5), m.start()) if low[m.start() - 1:m.start()].isalnum() else None
        if day is None:
            continue
        s = day.start()
        cued = p.md_strong_before_re.search(low, max(0, s - 25), s) or p.weekday_before_re.search(low, max(0, s - 12), s)
        if not cued and (m.group("mon") in ("may", "dec") or not _DAY_MONTH_END_RE.match(low, m.end())):
            continue  # "2 may need", "nc 02 dec from 4", "2 mar entries", "10 aug 875 bid", "2 oct scans": a date
            # after a date word or a weekday, or where a date ends ("admitted 23 feb with", "16 november 18:16")
        e = m.end() - (low[m.end() - 1] == "." and m.group("mon") not in _MONTH_ABBREVIATIONS)  # "5 june." ends a sentence
        out.add(s, e, "DATE", "en.date.text", 0.8)
    for m in p.date_num_re.finditer(text):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if s and text[s - 1].isalpha() and not (kind in ("num", "sep") and m.group("sep") == "/"):
            continue  # "C5-6", "x3/4"; but "on10/14/82" is a date written without its space
        if kind == "iso":
            out.add(s, e, "DATE", "en.date.iso", 0.95)
        elif kind == "compact":
            # eight digits are as often a count, a read depth or a genome position: a date word must stand before
            before = p.md_before_re.search(low, max(0, s - 25), s)
            if _valid_ymd(m.group()) and (before and any(c.isalpha() for c in before.group())
                                          or p.md_strong_before_re.search(low, max(0, s - 25), s)
                                          or "date" in low[max(0, s - 25):s]
                                          or p.compact_context_re.search(low, max(0, s - 25), s)
                                          or p.time_after_re.match(low, e)):
                out.add(s, e, "DATE", "en.date.compact", 0.9)
        elif kind == "compact6":
            # a count, a code or a lab value as often: only after "on", "seen", "DOS:" and the like
            if p.md_strong_before_re.search(low, max(0, s - 25), s) and not p.dose_after_re.match(low, e):
                out.add(s, e, "DATE", "en.date.compact", 0.85)
        elif kind == "num" or kind == "sep":
            if text.startswith("%", e) or p.vent_before_re.search(text, max(0, s - 30), s):
                continue  # "psv 12/5/40%": ventilator settings
            parts = re.split(r"[/.-]", m.group("num"))
            a, b = int(parts[0]), int(parts[1])
            if _valid_md(a, b) or _valid_md(b, a):
                out.add(s, e, "DATE", "en.date.numeric", 0.93)
        elif kind == "range":
            first, second = re.split("[-\u2013]", m.group())
            if all(_valid_md(*map(int, half.split("/")[:2])) for half in (first, second)):
                out.add(s, e, "DATE", "en.date.range", 0.93)
        elif kind == "dotted":
            a, b, _ = map(int, m.group().split("."))
            if (_valid_md(a, b) or _valid_md(b, a)) and p.md_before_re.search(low, max(0, s - 25), s):
                out.add(s, e, "DATE", "en.date.numeric", 0.9)
        elif kind == "dmy":
            out.add(s, e, "DATE", "en.date.text", 0.94)
        elif kind == "md_dash":
            if p.md_strong_before_re.search(low, max(0, s - 25), s) \
                    and not p.vent_before_re.search(text, max(0, s - 30), s):
                out.add(s, e, "DATE", "en.date.month_day", 0.75)
        elif kind == "dmy_yy":
            if p.md_strong_before_re.search(low, max(0, s - 25), s):
                out.add(s, e, "DATE", "en.date.text", 0.9)
        elif kind == "my":
            out.add(s, e, "DATE", "en.date.month_year", 0.9)
        elif kind == "ordinal":
            if p.ordinal_before_re.search(low, max(0, s - 16), s) and p.ordinal_after_re.match(text, e):
                out.add(s, e, "DATE", "en.date.ordinal", 0.7)
        else:
            _month_day(text, p, m, out)


_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def weekdays(text: str, low: str, res: Resources, out: Spans) -> None:
    """A weekday alone; within a whole date it is part of that date (scored lower, so the date wins)."""
    p = patterns(res.ascii_mode)
    if text.isascii() and p.lone_weekday_words.isdisjoint(en_lexicon.word_set(text)) \
            or not p.lone_weekday_gate_re.search(low):
        return  # no pattern runs on the many notes without a weekday
    listed_to = 0  # the end of the last list read: each word is read once
    for m in p.weekday_re.finditer(low):
        if m.start() < listed_to:
            continue  # read with the list before it
        out.add(m.start(), m.end(), "DATE", "en.date.weekday", 0.6)
        s = m.start()  # "mon thurs, sat": the list it stands in, back to the last list read
        while (prev := p.weekday_prev_re.search(low, max(listed_to, s - 16), s)) and prev.start() >= listed_to:
            out.add(prev.start("w"), prev.end("w"), "DATE", "en.date.weekday", 0.6)
            s = prev.start()
        listed_to = m.end()
        while nxt := p.weekday_next_re.match(low, listed_to):
            out.add(nxt.start("w"), nxt.end("w"), "DATE", "en.date.weekday", 0.6)
            listed_to = nxt.end()


def apostrophe_years(text: str, low: str, res: Resources, out: Spans) -> None:
    """ "CABG '09", "CVA 74'": two-digit years; not feet or degrees ("ambulated 50'", "HOB 30'")."""
    p = patterns(res.ascii_mode)
    for m in p.apostrophe_year_re.finditer(text):
        if m.group("lead") is not None:
            out.add(m.start("lead"), m.end("lead"), "DATE", "en.date.year", 0.7)
            continue
        s = m.start() - 2
        word = p.word_before_re.search(low, max(0, s - 24), s)
        if word and word.group("w") not in _LENGTH_WORDS and not word.group("w").isdigit() \
                and not p.length_after_re.match(low, m.end()):
            out.add(s, m.start(), "DATE", "en.date.year", 0.65)


# words before a number with a trailing apostrophe that measures feet or degrees, not a year
_LENGTH_WORDS = frozenset("""
amb ambulated ambulating ambulate walked walking walk hob elevated elevation degrees deg x about approx around
distance feet ft hall halls hallway height ht tall up to of over under than by and or at
""".split())


_DAY_MONTH_END_RE = re.compile(
    r"[ ]?[,.;)]|[ \t]*\n|[ \t]*$|[ ](?:at|with|and|to|for|in|-)\b|[ ]\d{1,2}:\d{2}|[ ][0-2]\d[0-5]\dh?\b")
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# the words before a day written first ("since 17/3", "consulted on 21/11"); not a setting's verbs ("placed on 15/5",
# "maintained on 16/6": pressure support), which a month written first (US notes) is read after
_DAY_FIRST_CUE_RE = re.compile(
    r"\b(?:since|seen|visit|appt|appointment|admitted|discharged|dated|dos|born|dob|until|last[ ]seen"
    r"|(?:consulted|reviewed|opened|seen|admitted|discharged|visit|review|appointment)[ ]on)[ :]*$")
_MEASURE_AFTER_RE = re.compile(r"[ ]?(?:days?|weeks?|units?|mmhg|peep|cmh2o|settings?|ratio|mg|ml|%)\b|%")
_ACUITY_BEFORE_RE = re.compile(r"\b(?:vision|acuity|va|od|os|ou)\b[^.\n]{0,20}$")
_CLOCK_AFTER_RE = re.compile(r"[ ](?:[01]\d|2[0-3])[0-5]\dh?\b|[ ]\d{1,2}:\d{2}\b")  # "27/10 2026 RN", "14/2 04:37"


def _month_day(text: str, p: DatePatterns, m, out: Spans) -> None:
    """A bare 3/14: a date only with date context; scores, fractions and strengths are not."""
    mm, dd = int(m.group("m")), int(m.group("d"))
    s, e = m.start(), m.end()
    # a month and its day; a day and its month where the first number can be no month ("comfort care since 17/3") only
    # after a date word other than a bare "on", a past participle and "on", or opening a timed line ("27/10 2026 RN"):
    # in other places it is a pressure, an acuity, a mark ("RV 26/5", "OD 20/10", "secured at 21/2")
    valid = _valid_md(mm, dd)
    if not valid and mm > 12 and _valid_md(dd, mm):
        before_low = text[max(0, s - 30):s].lower()
        valid = bool(_DAY_FIRST_CUE_RE.search(before_low)
                     or p.md_line_start_re.search(text, max(0, s - 8), s) and _CLOCK_AFTER_RE.match(text, e)) \
            and (mm, dd) != (24, 7) and not _ACUITY_BEFORE_RE.search(before_low) \
            and not _MEASURE_AFTER_RE.match(text.lower(), e)  # "24/7", "vision 20/10", "since 13/8 mmHg"
        if not valid:
            return
    if s and (text[s - 1] == "+" or (text[s - 1] == ":" and not text[max(0, s - 2)].isalpha())):
        return  # "I:E 1:2"-like ratios; but "HX:8/30" is a label and a date
    before = text[max(0, s - 30):s]
    after = text[e:e + 25]
    strong = p.md_strong_before_re.search(before)
    if p.vent_before_re.search(text, max(0, s - 30), s) \
            and not (strong and mm != dd and strong.group().strip(" :").lower() != "on"):
        return  # "ps 10/5", "cpap on 10/5"; but "trach (placed 8/14)" is a date
    if mm < dd and (dd in (2, 3, 4, 8) and p.mixed_fraction_re.search(before) or p.fraction_after_re.match(after)):
        return
    if strong and mm == dd and strong.group().strip(" :").lower() == "on" and not p.visit_on_re.search(before):
        strong = None  # "weaning on 5/5": pressure support and PEEP
    if p.week_of_re.search(before) or (strong and valid):
        out.add(s, e, "DATE", "en.date.month_day", 0.8)  # "the last week of 03/05", "as of 02/01"
        return
    if p.md_block_re.search(before) or p.md_after_block_re.match(after):
        return
    padded_day = m.group("d")[0] == "0"
    timed = p.md_time_after_re.match(after) and not p.md_exam_before_re.search(before)  # not "pupils 2/2 at 3 pm"
    if _grade_like(mm, dd) and not padded_day and not timed and not _date_context(text, p, out, s, mm, dd, before, after):
        return  # "5/5 proximally, 5/4 @ elbow", "pupils 4/4 decreasing to 2/2": strength and exam grades
    if 1 <= mm <= 12 and len(m.group("d")) == 2 and dd > 31:
        # m/yy: "a stroke in 11/90", "CABG 4/97": a month and a two-digit year
        out.add(s, e, "DATE", "en.date.month_year", 0.7)
        return
    if p.md_in_re.search(before) and 1 <= mm <= 12:
        out.add(s, e, "DATE", "en.date.month_day", 0.75)  # "in 10/16", "in 11/00": a month and a day or year
        return
    if not valid:
        return
    if dd == 10 and "pain" in text[max(0, s - 60):s].lower():
        return  # "pain worse with movement, 9/10"
    # notes write dates without a year ("cx 8/30 pending"); ratios, scores and settings were ruled out above
    out.add(s, e, "DATE", "en.date.month_day", 0.75)


def _date_context(text: str, p: DatePatterns, out: Spans, s: int, mm: int, dd: int, before: str, after: str) -> bool:
    """Whether a grade-like 4/1 or 3/3 reads as a date: an event verb or a weekday before it ("extubated 4/1",
    "Monday, 3/3"), a date it is listed with ("drawn 3/10 and 3/4"), a line or sentence that opens with it
    ("4/5 night shift:"), or a place after it ("3/5 at rehab"); never before a body part or an exam word
    ("4/5 RUE", "3/3 brisk")."""
    nxt = p.md_listed_next_re.match(after)  # "drawn 3/3 and 8/27": listed with a date, not with a grade
    before_a_date = bool(nxt) and _valid_md(int(nxt.group("m")), int(nxt.group("d"))) \
        and not _grade_like(int(nxt.group("m")), int(nxt.group("d")))
    if (p.md_grade_after_re.match(after) and not before_a_date) or p.md_exam_before_re.search(before):
        return False
    if p.weekday_before_re.search(before.lower()):
        return True
    fraction = mm < dd and dd in (2, 3, 4)  # "1/2 up the foot", "3/4 of the tube"
    gap = p.md_listed_after_re.search(before)
    if gap and (not fraction or gap.group().strip().isalpha()) \
            and any(item[1] == s - len(gap.group()) and item[2] == "DATE" for item in out.items):
        return True  # a found date just before it, then "and", "or", "to" (or, but for a fraction, "," or "-")
    if fraction and not before_a_date:
        return False
    ev = p.md_event_before_re.search(before)
    if ev and ev.group("w").lower() not in _GRADE_VERBS and (mm != dd or ev.group("w").lower() not in _SETTING_PREPS):
        return True  # "extubated 4/1", "on 4/2"; but "tried on 5/5", "weaned from 10/10": pressure settings
    line_start = p.md_line_start_re.search(text, max(0, s - 12), s)
    return bool(line_start and p.md_line_after_re.match(after)) or bool(p.md_place_after_re.match(after))


def _grade_like(mm: int, dd: int) -> bool:
    """3/3, 4/5: a strength, pupil or reflex grade as often as a date."""
    return mm == dd or (mm <= 5 and dd <= 5)


_SETTING_PREPS = frozenset("on from to".split())
# past-tense words before an exam grade, not an event: "graded 4/5", "decreased 3/3"
_GRADE_VERBS = frozenset("""
graded rated scored measured dilated equaled increased decreased improved reduced noted described
moved demonstrated showed displayed exhibited tested assessed
""".split())


def ages(text: str, low: str, res: Resources, out: Spans) -> None:
    p = patterns(res.ascii_mode)
    for m in p.age_num_re.finditer(text):
        s, e = m.start(), m.end()
        if not p.age_unit_re.match(text, e):  # "92-year-old", "95 yo", "97 F", "100/M"
            apposition = text[e:e + 1] == "," and (p.age_apposition_re.search(text, max(0, s - 30), s)
                                                   or p.age_at_re.search(low, max(0, s - 5), s)
                                                   and p.age_at_person_re.match(low, e))
            if not apposition and (res.quantity_re.match(low, e) or not p.age_cue_re.search(low, max(0, s - 30), s)):
                continue  # "aged 95", "mother is 96", "Mrs. Ames, 93,"; not "95%" or "95 mg"
        if p.temp_before_re.search(low, max(0, s - 25), s):
            continue  # "T 98 F", "HR 92": vitals, not ages
        out.add(s, e, "AGE", "en.age", 0.9)
    if "ninety" in low or "hundred" in low:
        for m in p.age_words_re.finditer(low):
            s, e = m.span()
            cued = p.age_cue_re.search(low, max(0, s - 30), s) \
                or p.age_words_turned_re.search(low, max(0, s - 10), s)
            if p.age_words_unit_re.match(low, e) or cued and not p.age_words_count_re.match(low, e):
                out.add(s, e, "AGE", "en.age.words", 0.9)


# A year alone is no Safe Harbor date element, but a year of the patient's history or of a disoriented patient's
# answer is a date both annotation guides mark ("s/p CABG 1957, 1971", "thinks it is 1932", "MI in 1980s"). In
# nursing notes most four-digit numbers are times ("at 2000", "@ 1930", "until 2000"), so a year (or a decade)
# counts only after an event word or in an orientation answer, or listed after one that does; elsewhere a decade is
# history ("the vaccine, which began in the 1940s"), not the patient's.
_YEAR_RE = re.compile(  # 19xx or 20xx, or a decade (1980s); the digit before the lookbehind, for speed
    r"(?:1(?<![\w/.:@~#$-]1)9|2(?<![\w/.:@~#$-]2)0)\d(?:0'?s|\d)"
    r"(?![\w/:%-]|[.,]\d|'|[ ]?(?:hrs?|h|mg|mcg|ml|cc|units?|g)\b)")
_YEAR_EVENT_BEFORE_RE = re.compile(
    r"\b(?:s/p|cabg|ptca|pci|stents?|stented|stenting|avr|mvr|cva|tia|mi|ami|nstemi|stemi|dvt|resection|surgery|"
    r"repair|replacement|transplant|appy|appendectomy|chole|cholecystectomy|hysterectomy|mastectomy|lobectomy|"
    r"colectomy|amputation|diagnosed|dx|dx'd|redo)(?:[ ]+in(?:[ ]+the(?:[ ]+(?:early|mid|late))?)?)?[ ]*:?[ ]*$"
    r"|\b(?:it|year|date)[ ]+(?:is|was)[ ]+(?:now[ ]+)?$|\bit'?s[ ]+$")  # "thinks it is 1932", "its 2019"
_YEAR_LISTED_RE = re.compile(r"[ ]*(?:,|and|&)[ ]*")


def years(text: str, low: str, res: Resources, out: Spans) -> None:
    listed_to = -1  # the end of the last year taken: a year listed right after it is one too
    for m in _YEAR_RE.finditer(low):
        s, e = m.span()
        gap = _YEAR_LISTED_RE.fullmatch(low, listed_to, s) if listed_to >= 0 else None
        if gap or _YEAR_EVENT_BEFORE_RE.search(low, max(0, s - 40), s):
            out.add(s, e, "DATE", "en.date.year", 0.7)
            listed_to = e
