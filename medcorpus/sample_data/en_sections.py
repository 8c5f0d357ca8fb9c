"""English sentence pools and the sections many note types share (HPI, history, exam, plan, signature)."""

from __future__ import annotations

from medcorpus.sample_data.en_context import EnglishNote
from medcorpus.sample_data.template import cap_first


# --------------------------------------------------------------------------------------------------
# English sentence pools
# --------------------------------------------------------------------------------------------------

_HPI_OPEN = (
    "{pt} is a {age} {man} with a PMH of {pmhlist} who presents with {cc}.",
    "{age} {MF} w/ hx {pmhlist} p/w {cc} x {dur}.",
    "Pt is a {age} {man} with {pmhlist}, presenting to {fac} with {cc}.",
    "{ptt} is a pleasant {age} {man} with a history significant for {pmhlist}, sent in from {fac:nh} for {cc}.",
    "This is a {age} {man} with history of {pmhlist} who was transferred from {ofac} on {d} for further management of {dx}.",
    "{age} {man} with {pmhlist} presenting with {dur} of {cc}.",
    "{pt}, {agesex}, hx {pmhlist}, c/o {cc}.",
    "Patient is a {agen} year old {man} ({ptfirst}) who comes in today with {cc}.",
    "{ptt} is {agen} years old with {pmhlist}; {he} presents on {enc} with {cc}.",
    "Seen at the request of {dr:ref} for {cc}. {ptt} is a {age} {man} with {pmhlist}.",
    "{pt}, aged {agen}, with {pmhlist}, presents with {cc}.",
    "Patient: {ptt}, age: {agen}. Hx {pmhlist}. CC: {cc}.",
)
_HPI_EXTRA = (
    "History obtained from the patient and {rel}, who accompanies {him}.",
    "Per {rel}, {he} has been more confused since {dshort}.",
    "Of note, {he} was last admitted in {dmy} for a similar episode.",
    "{He} follows with {dr:pcp} at {fac:clinic} and was last seen on the {dord}.",
    "{He} was seen at {ofac} on {d} and discharged home with oral antibiotics.",
    "Symptoms started on {dshort} while {he} was at home in {city}.",
    "{He} called {dr:pcp}'s office on {dshort}, who advised evaluation in the ED.",
    "Collateral obtained by phone from {rel} at {phone:rel}.",
    "{His} {relw} reports that {he} has had poor PO intake for {dur}.",
    "{He} denies fevers, chills, chest pain or shortness of breath.",
    "No recent travel. No sick contacts.",
    "Symptoms are worse at night and improve with rest.",
    "{He} took ibuprofen 400 mg without relief.",
    "{He} was seen by {dr:pcp} on {dshort}, who started {him} on a short course of antibiotics.",
    "Seen by {dr:cons} in clinic on the {dord}; no changes were made at that time.",
    "Has been taking ibuprofen 400 mg q.i.d. PRN at home.",
    "Pt also c/o fatigue and poor appetite; no wt loss.",
)
SH_POOL = (
    "Lives with {rel} in {city}.",
    "Lives alone in a second-floor apartment on {streetname}; {rel} checks on {him} daily.",
    "Resides at {fac:nh} since {dmy}.",
    "{occ}. Married, lives with spouse.",
    "Former smoker, {n:pack} pack-years, quit in {year}.",
    "Never smoker. Drinks 1-2 glasses of wine per week. No illicit drug use.",
    "Current every-day smoker, 1 ppd. EtOH: 3-4 beers/day. Denies IVDU.",
    "Independent in ADLs, uses a cane for ambulation.",
    "Moved to {city} from {city:old} in {year}.",
    "Works as a {occ}. Has a dog.",
    "Quit smoking in {year}. Occasional alcohol.",
    "HCP is {rel}, reachable at {phone:rel}.",
)
FH_POOL = (
    "Mother with breast cancer, died at age {relage}.",
    "Father with MI at {n:hr}.",
    "Sister with T2DM. Brother with HTN.",
    "Mother lived to {relage}; father died of stroke in his 70s.",
    "Mother, aged {relage}, has dementia; father deceased (MI).",
    "Noncontributory.",
    "No family history of colon cancer or bleeding disorders.",
    "Mother is {relage} and lives in {city:fam}.",
    "Father with prostate cancer.",
)
_ROS_LINES = (
    "Constitutional: denies fevers, chills, weight loss.", "Eyes: no vision changes.", "ENT: no sore throat.",
    "CV: denies chest pain, palpitations.", "Resp: + cough, no hemoptysis.", "GI: no N/V/D, no melena.",
    "GU: denies dysuria, hematuria.", "MSK: + low back pain.", "Neuro: no focal weakness or numbness.",
    "Psych: no depression or SI.", "Skin: no rashes.", "Heme: no easy bruising.",
)
PE_LINES = {  # normal findings; scenario findings below replace them
    "gen": ("Gen: NAD, A&Ox3", "General: Well-appearing, in no acute distress.",
            "Gen: alert, cooperative, appears stated age",
            "GEN: NAD, resting comfortably"),
    "heent": ("HEENT: NCAT, PERRL, EOMI, MMM", "HEENT: Normocephalic, atraumatic. Oropharynx clear.",
              "HEENT: anicteric sclerae, MMM"),
    "neck": ("Neck: supple, no JVD", "Neck: no LAD, no thyromegaly", "Neck: supple, full ROM"),
    "cv": ("CV: RRR, no m/r/g", "CV: regular rate and rhythm, normal S1/S2",
           "Heart: RRR, 2/6 systolic murmur at the LUSB",
           "CV: RRR, S1 S2 normal, no murmurs"),
    "lungs": ("Lungs: CTAB", "Pulm: clear to auscultation bilaterally, no increased WOB",
              "Resp: CTA b/l, no wheezes/rales/rhonchi",
              "Lungs: clear, good air movement"),
    "abd": ("Abd: soft, NT/ND, +BS", "Abd: obese, soft, nontender",
            "Abdomen: soft, non-tender, non-distended, normoactive bowel sounds"),
    "ext": ("Ext: no c/c/e", "Extremities: warm, well perfused, no edema", "Ext: WWP, trace bilateral ankle edema"),
    "neuro": ("Neuro: CN II-XII intact, strength 5/5 throughout", "Neuro: nonfocal, gait not tested",
              "Neuro: A&Ox3, moving all extremities"),
    "skin": ("Skin: warm, dry, intact", "Skin: no rashes or lesions", "Skin: stage 2 pressure injury on sacrum"),
}
_PE_ABN = {
    "nstemi": {"gen": "Gen: diaphoretic, uncomfortable", "cv": "CV: tachycardic, regular, no murmurs"},
    "chf": {"neck": "Neck: JVP to 12 cm H2O", "lungs": "Lungs: crackles at bilateral bases",
            "ext": "Ext: 2+ pitting edema to mid-shin bilaterally"},
    "cap": {"lungs": "Resp: decreased breath sounds and crackles at the right base",
            "gen": "Gen: ill-appearing, febrile"},
    "pyelo": {"abd": "Abd: soft, R CVA tenderness", "gen": "Gen: lethargic but arousable"},
    "appy": {"abd": "Abdomen: soft, tender in the RLQ with guarding, + Rovsing sign"},
    "chole": {"abd": "Abd: soft, RUQ tenderness, + Murphy sign"},
    "hipfx": {"ext": "Ext: RLE shortened and externally rotated, DP 2+"},
    "stroke": {"neuro": "Neuro: A&Ox2, L facial droop, LUE 3/5, LLE 4/5, dysarthric"},
    "dka": {"heent": "HEENT: dry mucous membranes", "gen": "Gen: Kussmaul respirations, ill-appearing"},
    "ugib": {"gen": "Gen: pale, fatigued", "abd": "Abd: mild epigastric tenderness, no rebound"},
    "cellulitis": {"ext": "Ext: LLE erythema and warmth to mid-calf, demarcated, no fluctuance"},
    "copd": {"lungs": "Lungs: diffuse expiratory wheezes, prolonged expiratory phase"},
    "afib": {"cv": "CV: irregularly irregular, tachycardic"},
    "chb": {"cv": "CV: bradycardic, regular, cannon a waves"},
    "pancreatitis": {"abd": "Abd: epigastric tenderness with voluntary guarding"},
    "mvc": {"lungs": "Chest: L chest wall tenderness, no crepitus; lungs CTAB",
            "skin": "Skin: seatbelt sign across L chest"},
    "hypona": {"neuro": "Neuro: oriented to person only, no asterixis"},
    "ankle": {"ext": "Ext: R lateral malleolus swelling and ecchymosis, ATFL tenderness"},
    "lac": {"skin": "Skin: 3.5 cm linear laceration of L palm"},
}


def pe_line(c, system: str) -> str:
    abn = _PE_ABN.get(c.scen["key"], {}).get(system)
    return abn if abn and c.chance(0.85) else c.pick(PE_LINES[system])


_SIG_POOL = (
    "Electronically signed by: {drsig:att} on {dc} at {time}",
    "Electronically signed by {drsig:att} {dc} {time}",
    "Dictated by: {drsig:res}\nAttending: {drsig:att}",
    "{drsig:att}\nAttending Physician",
    "I saw and examined the patient with {dr:res} and agree with the findings and plan as documented above.\n{drsig:att}",
    "Signed: {drsig:att}   Date: {dc}",
    "Dictated by {drsig:att}. D: {dc} T: {d}",
    "{drsig:res} for {drsig:att}",
    "Authenticated by {drsig:att} on {dc} {time}. NPI {npi:att}",
    "Attestation: patient seen and examined; agree with resident note. -- {drlast:att}",
)
CC_LINES = ("cc: {drsig:pcp}", "cc: {dr:pcp}; {dr:cons}", "CC: {drsig:pcp}, {fac:clinic}", "Copy to: {drsig:ref}",
            "cc: {drsig:pcp} (fax {fax:pcp})")


def en_hpi(c: EnglishNote, extras: int = 2) -> None:
    c.fc(_HPI_OPEN)
    body = list(c.scen["hpi"])
    for t in [body[0]] + c.some(body[1:], 0):  # the presenting story first, then optional detail
        c.w(" ")
        c.f(t)
    for t in c.sample(_HPI_EXTRA, c.r.randint(0, extras)):
        c.w(" ")
        c.f(t)
    c.w("\n")


def en_pmh(c: EnglishNote) -> None:
    numbered = c.chance(0.5)
    codes = c.chance(0.3)
    items = []
    for i, p in enumerate(c.pmh):
        name = c.pick((cap_first(p[0]), p[1][0], p[0]))
        items.append(f"{name} ({p[2]})" if codes else name)
    if c.chance(0.3) and not numbered:
        c.w(", ".join(items) + "\n")
    else:
        for i, it in enumerate(items, 1):
            c.w(f"{i}. {it}\n" if numbered else f"- {it}\n")
    if c.chance(0.35):
        c.fc(("s/p appendectomy in {year}\n", "s/p R TKA {dmy}\n", "s/p cholecystectomy ({year})\n",
              "s/p CABG x3 at {ofac}, {year}\n",
              "s/p cataract surgery OU\n", "s/p hysterectomy {dpast}\n"))


def en_meds_list(c: EnglishNote, meds) -> None:
    style = c.r.randrange(5)
    bullet = c.pick(("num", "dash", "none"))
    for i, m in enumerate(meds, 1):
        line = c.medline(m, style)
        c.w((f"{i}. " if bullet == "num" else "- " if bullet == "dash" else "") + line + "\n")


def en_exam(c: EnglishNote) -> None:
    if c.chance(0.6):
        c.w(c.s_vitals(), "\n")
    abn = _PE_ABN.get(c.scen["key"], {})
    keys = [k for k in PE_LINES if k in ("gen", "cv", "lungs") or k in abn or c.chance(0.5)]
    for k in keys:
        c.w(pe_line(c, k), "\n")


def en_ros(c: EnglishNote) -> None:
    if c.chance(0.45):
        c.w(c.pick(("10-point ROS negative except as per HPI.", "All other systems reviewed and negative.",
                    "Negative except as noted in HPI.", "ROS limited by patient's mental status.")), "\n")
    else:
        for ln in c.sample(_ROS_LINES, c.r.randint(3, 7)):
            c.w(ln, "\n")


def en_signature(c: EnglishNote) -> None:
    c.fc(_SIG_POOL)
    c.w("\n")
    if c.chance(0.35):
        c.fc(CC_LINES)
        c.w("\n")


def en_problem_plan(c: EnglishNote, outpatient: bool = False) -> None:
    if outpatient:
        c.fc(("{age} {man} with {pmhlist} seen for {cc}, likely {dx}.\n",
              "{agesex} w/ {dx}; stable for outpatient management.\n",
              "Assessment: {dx}. Does not require admission at this time.\n"))
    else:
        c.fc(("{age} {man} with {pmhlist} admitted with {dx}.\n", "In summary, {ptt} is a {age} {man} with {dx}.\n",
              "{agesex} w/ {dx}.\n", "Assessment: {dx} in a patient with {pmhlist}.\n"))
    style = c.pick(("# ", "#", "", "- ", "num)", "num."))
    items = iter(range(1, 100))

    def pref() -> str:
        return f"{next(items)}{style[-1]} " if style.startswith("num") else style

    c.w(f"{pref()}{cap_first(c.s_dx())}: ")
    if outpatient:
        c.fc(("Plan: {rx}. ", "Start {rx}. ", "Continue current regimen; {rx}. "))
        c.fc(("Return precautions reviewed. ", "ED if worsening. ", ""))
    else:
        for t in c.some(c.scen["course"], 1, 3):
            c.f(t)
            c.w(" ")
    c.w("\n")
    for p in c.pmh:
        c.w(f"{pref()}{c.pick((cap_first(p[0]),) + p[1])}: ")
        c.f(c.pick(p[4]))
        c.w("\n")


def en_fields(c: EnglishNote, fields: list[tuple[float, tuple[str, ...]]], shuffle: bool = True) -> None:
    """Header block of labelled fields; which appear, their labels and order vary per note."""
    rows = [c.pick(opts) for p, opts in fields if c.chance(p)]
    if shuffle and c.chance(0.5):
        c.r.shuffle(rows)
    if c.chance(0.25) and len(rows) > 1:
        # Two fields per line, as in many EHR printouts.
        for i in range(0, len(rows), 2):
            c.f(rows[i])
            if i + 1 < len(rows):
                c.w(c.pick(("    ", "  |  ", "\t")))
                c.f(rows[i + 1])
            c.w("\n")
    else:
        for row in rows:
            c.f(row)
            c.w("\n")
    c.w("\n")


FIELD_NAME = ("Patient: {ptname}", "Patient Name: {ptname}", "Name: {ptname}", "PATIENT: {ptname}", "Pt: {ptname}")
FIELD_MRN = ("MRN: {mrn}", "Medical Record #: {mrn}", "MR#: {mrn}", "MRN {mrn}", "Med Rec No.: {mrn}", "Unit No: {mrn}")
FIELD_DOB = ("DOB: {dob}", "Date of Birth: {dob}", "D.O.B.: {dob}", "DOB {dob} ({agen} y)", "Birth date: {dob}")
FIELD_ACCT = ("Account #: {acct}", "Acct: {acct}", "Visit/Account Number: {acct}", "FIN: {acct}")
FIELD_AGE = ("Age: {agen}", "Age/Sex: {agen} / {sex}", "Sex: {sex}   Age: {agen}")
