"""English hospital note types: discharge summary, H&P, progress, ED, radiology and operative notes."""

from __future__ import annotations

from medcorpus.sample_data.en_clinical import PROCS, RAD_EXAMS
from medcorpus.sample_data.en_context import EnglishNote
from medcorpus.sample_data.en_scenarios import ALLERGIES
from medcorpus.sample_data.en_sections import (
    FH_POOL, FIELD_ACCT, FIELD_AGE, FIELD_DOB, FIELD_MRN, FIELD_NAME, PE_LINES, SH_POOL, en_exam, en_fields, en_hpi,
    en_meds_list, en_pmh, en_problem_plan, en_ros, en_signature, pe_line,
)
from medcorpus.sample_data.en_vocab import slug
from medcorpus.sample_data.template import cap_first


def en_discharge(c: EnglishNote) -> None:
    c.inpatient()
    c.fc(("DISCHARGE SUMMARY\n", "Discharge Summary\n", "{fac}\nDISCHARGE SUMMARY\n", "HOSPITAL DISCHARGE SUMMARY\n",
          "Discharge Summary - {service}\n", "{fac} - {service}\nDischarge Summary\n"))
    en_fields(c, [(0.95, FIELD_NAME), (0.9, FIELD_MRN), (0.7, FIELD_DOB), (0.4, FIELD_AGE),
                   (0.95, ("Admission Date: {adm}", "Admitted: {adm}", "Date of Admission: {adm}", "Adm: {adm}")),
                   (0.95, ("Discharge Date: {dc}", "Discharged: {dc}", "Date of Discharge: {dc}", "D/C: {dc}")),
                   (0.8, ("Attending: {drsig:att}", "Attending Physician: {drsig:att}",
                          "Discharging Physician: {drsig:att}")),
                   (0.5, ("PCP: {drsig:pcp}", "Primary Care Provider: {drsig:pcp}", "PCP: {dr:pcp} ({fac:clinic})")),
                   (0.4, ("Service: {service}", "Unit: {service}")), (0.3, FIELD_ACCT)])
    secs = []
    secs.append(("admdx", lambda: c.w(cap_first(c.s_cc()) if c.chance(0.4) else c.s_dx(), "\n")))
    def dcdx():
        c.w(f"1. {cap_first(c.s_dx())}\n")
        for i, p in enumerate(c.sample(c.pmh, 3), 2):
            c.w(f"{i}. {cap_first(p[0])}\n")
    secs.append(("dcdx", dcdx))
    if c.scen.get("proc") and c.chance(0.85):
        def proc():
            c.w(cap_first(c.scen["proc"]), " (")
            c.f("{d}")
            c.w(")\n")
            if c.scen.get("implant"):
                c.fc(("Device: Medtronic Azure XT DR MRI SureScan, serial number {serial:gen}\n",
                      "Implant: Stryker hemiarthroplasty stem, lot {lot}; head SN {serial:head}\n",
                      "Implanted device serial #: {serial:gen}\n", "UDI: {udi}\n"))
        secs.append(("proc", proc))
    if c.chance(0.4):
        secs.append(("cons",
                     lambda: c.fc(("{fu_svc} ({dr:cons})\n", "Cardiology - {drsig:cons}\n",
                                   "Physical therapy, social work\n",
                                            "Palliative care ({dr:cons}), nutrition\n"))))
    if c.chance(0.6):
        secs.append(("hpi", lambda: en_hpi(c, 1)))
    def course():
        if c.chance(0.5):
            c.fc(("{ptt} was admitted to the {service} service on {adm} with {dx}. ", "Pt admitted w/ {dx}. ",
                  "The patient is a {age} {man} admitted on {adm} for {dx}. "))
            for t in c.some(c.scen["course"], 2):
                c.f(t)
                c.w(" ")
            c.w("\n")
            if c.chance(0.5):
                c.fc(("Family meeting held on {d} with {rel}; goals of care discussed.\n",
                      "{rel} was updated by phone ({phone:rel}) on the day of discharge.\n",
                      "On the {dord}, {he} developed transient delirium which resolved.\n",
                  "{He} was seen by {dr:cons} ({fu_svc}), who agreed with the plan.\n"))
        else:
            en_problem_plan(c)
    secs.append(("course", course))
    if c.chance(0.6):
        def res():
            c.w(c.s_labs(), "\n")
            c.w(c.s_results()) if c.chance(0.7) else None
            c.w("\n")
            if c.scen.get("img") and c.chance(0.6):
                c.w(f"{c.scen['img'][0]} (")
                c.f("{d}")
                c.w(f"): {c.scen['img'][1]}\n")
        secs.append(("labs", res))
    if c.chance(0.6):
        secs.append(("cond",
                     lambda: c.w(c.pick(("Stable.", "Good.", "Fair; ambulating with walker.",
                                         "Improved, hemodynamically stable.",
                                                  "Mental status: clear and coherent. Level of consciousness: alert. Activity: ambulatory with assistance.")), "\n")))
    def dispo():
        c.fc(("Home.\n", "Home with services (VNA).\n", "{fac:nh}\n", "Discharged to {fac:nh} for short-term rehab.\n",
              "Home with {rel}.\n", "Extended care facility: {fac:nh}, {cityline:nh}\n", "Home with hospice.\n"))
    secs.append(("dispo", dispo))
    secs.append(("dcmeds", lambda: en_meds_list(c, c.meds(c.scen["meds"]))))
    if c.chance(0.5):
        secs.append(("all", lambda: c.w(", ".join(c.sample(ALLERGIES, c.r.randint(1, 2))), "\n")))
    def fu():
        for t in c.sample((
                "Follow up with {dr:pcp} at {fac:clinic} on {dfu} at {time}. Phone: {phone:clinic}\n",
                "{fu_svc}: {dr:cons}, {dfu}. Call {phone:cons} with questions.\n",
                "PCP {dr:pcp} in 1-2 weeks; office will call to schedule. Fax: {fax:pcp}\n",
                "Labs (BMP) on {dfu} at {fac:clinic}, {addr1:clinic}.\n",
                "Appointment: {dfu} {time} with {drsig:cons} - {fac}, {street:fac}\n",
                "Please follow up with your primary care provider in 1 week.\n",
                "Device check on {dfu} at the Device Clinic ({phone:clinic}).\n"), c.r.randint(1, 3)):
            c.f(t)
    secs.append(("fu", fu))
    if c.chance(0.5):
        def instr():
            c.fc(("Return to the ED for fever > 101, worsening pain or shortness of breath. ",
                  "Weigh yourself every morning; call if weight increases by more than 3 lb. ",
                  "No driving while taking oxycodone. ", "Keep the incision clean and dry. "))
            c.fc(("You can view your results at {url}.\n", "Questions: call {phone:clinic} or email {email:att}.\n",
                  "Call 911 for chest pain.\n", "\n", "Your nurse line is {phone:fac}.\n"))
        secs.append(("instr", instr))
    if c.chance(0.3):
        secs.append(("code",
                     lambda: c.w(c.pick(("Full code", "DNR/DNI", "DNR, OK to intubate", "Full (presumed)")), "\n")))
    # Sections drift in order between institutions; swap a couple.
    if c.chance(0.4) and len(secs) > 4:
        i, j = c.r.sample(range(2, len(secs)), 2)
        secs[i], secs[j] = secs[j], secs[i]
    for key, fn in secs:
        c.section(key, fn, block=key in ("dcdx", "dcmeds", "fu", "labs"))
    en_signature(c)


def en_hp(c: EnglishNote) -> None:
    c.inpatient()
    c.adm = c.enc  # an H&P is written on the day of admission
    c.fc(("ADMISSION HISTORY AND PHYSICAL\n", "H&P\n", "History and Physical\n", "{service} Admission Note\n",
          "ADMISSION H&P - {fac}\n", "Admit Note\n"))
    en_fields(c, [(0.9, FIELD_NAME), (0.85, FIELD_MRN), (0.6, FIELD_DOB),
                   (0.8, ("Date of Admission: {adm}", "Admit date: {adm}", "Date/Time: {adm} {time}")),
                   (0.5, ("Source: ED", "Referred by: {drsig:ref}", "Admitted from: {fac:nh}",
                          "Transferred from: {ofac}")),
                   (0.5, ("Attending: {drsig:att}", "Admitting MD: {drsig:att}"))])
    c.section("cc", lambda: c.w(cap_first(c.s_cc()), "\n"))
    c.section("hpi", lambda: en_hpi(c, 3))
    c.section("pmh", lambda: en_pmh(c), block=True)
    if c.chance(0.6):
        c.section("psh", lambda: c.fc(("Appendectomy ({year})\n", "None\n", "R TKA {dmy}; cholecystectomy {year}\n",
                                       "C-section x2\n", "Lumbar fusion at {ofac}, {year}\n")))
    c.section("meds", lambda: en_meds_list(c, c.meds()), block=True)
    c.section("all", lambda: c.w(c.pick(ALLERGIES), "\n"))
    def sh():
        for t in c.sample(SH_POOL, c.r.randint(1, 3)):
            c.f(t)
            c.w(" ")
        c.w("\n")
    c.section("sh", sh)
    if c.chance(0.7):
        c.section("fh", lambda: (c.fc(FH_POOL), c.w("\n")))
    if c.chance(0.7):
        c.section("ros", lambda: en_ros(c), block=True)
    c.section("pe", lambda: en_exam(c), block=True)
    if c.chance(0.8):
        c.section("labs", lambda: (c.w(c.s_labs(), "\n"), c.w(c.s_results(), "\n")), block=True)
    c.section("ap", lambda: en_problem_plan(c), block=True)
    if c.chance(0.5):
        c.fc(("Code status: full code, confirmed with patient.\n", "Code: DNR/DNI per MOLST, confirmed with {rel}.\n",
              "Emergency contact: {rel}, {phone:rel}\n", "Dispo: pending PT eval; likely {fac:nh}.\n"))
    en_signature(c)


def en_progress(c: EnglishNote) -> None:
    c.inpatient()
    c.fc(("PROGRESS NOTE\n", "Progress Note - {service}\n", "Daily Progress Note\n",
          "{service} Progress Note  HD#{n:days}\n",
          "SOAP Note\n", "Hospital Day {n:days} - {d}\n", "Interval note {d}\n"))
    if c.chance(0.6):
        en_fields(c, [(0.8, FIELD_NAME), (0.6, FIELD_MRN), (0.6, ("Date of Service: {d}", "DOS: {d}", "Date: {d}")),
                       (0.3, ("Author: {drsig:res}", "Provider: {drsig:att}"))])
    soap = c.chance(0.55)
    labels = (("S", "O", "A", "P") if c.chance(0.5) else ("Subjective", "Objective", "Assessment",
                                                          "Plan")) if soap else None
    def subj():
        c.fc(("No acute events overnight. ", "Overnight: febrile to 101.2, cultures sent. ", "NAEO. ",
              "Pt reports feeling better today. ",
              "{ptt} slept poorly; pain {n:pain}/10. ", "Per nursing, {he} was agitated overnight; {rel} at bedside. ",
              "{ptfirst} states {he} is \"ready to go home.\" "))
        c.fc(("Tolerating diet. ", "Ambulated in hallway with PT. ", "c/o mild nausea, no emesis. ", "Denies CP/SOB. ",
              ""))
        c.w("\n")
    def obj():
        c.w(c.s_vitals(), "\n")
        if c.chance(0.5):
            c.w(f"I/O: {c.s_n('ivf')}/{c.s_n('uop')}\n")
        for k in c.sample(list(PE_LINES), c.r.randint(2, 5)):
            c.w(pe_line(c, k), "\n")
        if c.chance(0.7):
            c.w(c.s_labs(), "\n")
    def assess():
        c.fc(("{age} {man} with {pmhlist} admitted with {dx}, HD#{n:days}.\n", "{agesex} w/ {dx}, improving.\n",
              "{dx} - clinically improving.\n", "{ptt} with {dx}; slow progress.\n"))
    def plan():
        for t in c.sample(c.scen["course"], c.r.randint(1, 3)):
            c.w("- ")
            c.f(t)
            c.w("\n")
        for p in c.some(c.pmh, 1):
            c.w(f"- {p[1][0]}: ")
            c.f(c.pick(p[4]))
            c.w("\n")
        c.fc(("- Dispo: anticipate discharge {dfu} pending PT.\n", "- Discussed with {rel} at bedside.\n",
              "- DVT ppx: heparin SQ\n",
              "- Spoke with {dr:cons} ({phone:cons}) re: recs.\n", "- Dispo: {fac:nh} once bed available.\n", ""))
    if soap:
        for lab, fn in zip(labels, (subj, obj, assess, plan)):
            c.w(f"{lab}: " if lab in "SOAP" and len(lab) == 1 else f"{lab.upper() if c.hstyle % 2 == 0 else lab}:\n")
            fn()
            c.sep()
    else:
        c.section("hpi", subj)
        c.section("pe", obj, block=True)
        c.section("ap", lambda: (assess(), plan()), block=True)
    en_signature(c)


def en_ed(c: EnglishNote) -> None:
    c.adm = c.enc
    c.fc(("EMERGENCY DEPARTMENT NOTE\n", "ED Provider Note\n", "{fac} Emergency Department\n",
          "ED Physician Documentation\n",
          "Emergency Medicine Attending Note\n", "ED Visit - {enc}\n"))
    en_fields(c, [(0.8, FIELD_NAME), (0.7, FIELD_MRN), (0.5, FIELD_DOB),
                   (0.6, ("Arrival: {enc} {time}", "Date of Visit: {enc}", "Time seen: {time}")),
                   (0.4, ("Mode of arrival: EMS", "Arrived by: private vehicle",
                          "Arrival: ambulance ({fac:hospital} EMS)")),
                   (0.3, ("Triage acuity: ESI {n:dose}", "ESI 3")),
                   (0.4, ("ED Attending: {drsig:ed}", "Provider: {drsig:ed}"))])
    if c.chance(0.4):
        c.section("triage", lambda: c.f("{agesex} to ED c/o {cc} x {dur}. {vitals}\n"))
    c.section("cc", lambda: c.w(c.s_cc(), "\n"))
    def hpi():
        en_hpi(c, 2)
        if c.scen.get("vehicle") or c.chance(0.15):
            c.fc(("Per EMS, {he} was the driver of a {car}, plate {plate}; vehicle towed from scene.\n",
                  "Police report lists vehicle VIN {vin} (a {car}); passenger compartment intrusion noted.\n",
                  "EMS states the {car} (lic. plate {plate}) sustained front-end damage.\n",
                  "Pt drove himself here; vehicle left in ED lot, plate {plate}.\n" if c.male else
                  "Pt drove herself here; vehicle left in ED lot, plate {plate}.\n"))
    c.section("hpi", hpi)
    if c.chance(0.6):
        c.section("pmh", lambda: en_pmh(c), block=True)
    if c.chance(0.5):
        c.section("meds", lambda: en_meds_list(c, c.meds()), block=True)
    if c.chance(0.5):
        c.section("ros", lambda: en_ros(c), block=True)
    c.section("pe", lambda: en_exam(c), block=True)
    def mdm():
        c.fc(("{age} {man} p/w {cc}. DDx includes {dx}. ", "Differential broad; most c/w {dx}. ",
              "Presentation concerning for {dx}. "))
        c.f("{results}")
        c.w("\n")
        for t in c.sample(c.scen["course"], c.r.randint(1, 2)):
            c.w(c.pick(("", "- ", "{t} ".format(t=c.s_time()))))
            c.f(t)
            c.w("\n")
        if c.chance(0.4):
            c.fc(("Discussed with {dr:cons} from {fu_svc}, who agrees with plan.\n",
                  "Spoke with PCP {dr:pcp} at {phone:clinic}.\n",
                  "Outside records from {ofac} reviewed (visit {dpast}).\n",
                  "Case discussed with {rel}, who is the HCP.\n"))
    c.section("mdm", mdm)
    def dispo():
        if c.scen.get("minor"):
            c.fc(("Discharged home in stable condition. Follow up with {fu_svc} in 1 week. Return precautions given.\n",
                  "D/c home w/ {rel}. Rx: {rx}. Suture removal in 10 days.\n",
                  "Home. Work note provided through {dfu}.\n"))
        else:
            c.fc(("Admitted to {service}, {dr:att} accepting.\n", "Admit to {service} (bed request placed {time}).\n",
                  "Transferred to {ofac} for higher level of care; accepting physician {dr:cons}.\n",
                  "Admitted to telemetry under {drsig:att}.\n"))
    c.section("dispo_ed", dispo)
    if c.chance(0.3):
        c.section("dcdx", lambda: c.w(c.s_dx(), f" ({c.scen['icd']})\n"))
    en_signature(c)


def en_radiology(c: EnglishNote) -> None:
    exam = c.pick(RAD_EXAMS)
    c.fc(("{fac}\nDepartment of Radiology\n", "RADIOLOGY REPORT\n", "Diagnostic Imaging Report\n",
          "{fac} Imaging Services\n",
          "IMAGING REPORT - {fac}\n"))
    en_fields(c, [(0.9, FIELD_NAME), (0.8, FIELD_MRN), (0.6, FIELD_DOB),
                   (0.7, ("Accession #: {acc}", "Accession: {acc}", "ACC# {acc}", "Exam #: {acc}")),
                   (0.8, ("Exam Date: {enc}", "Date of Exam: {enc} {time}", "Study Date: {enc}", "DOS: {enc}")),
                   (0.6, ("Ordering Physician: {drsig:ref}", "Referring: {drsig:ref}", "Ordered by: {dr:ref}")),
                   (0.2, ("Location: {fac:clinic}", "Performed at: {fac}"))])
    hs = c.hstyle
    def H(name):
        if hs in (1, 3, 5):
            c.w(f"{name.title()}: ")
        else:
            c.w(f"{name}: ")
    H(c.pick(("EXAM", "EXAMINATION", "PROCEDURE", "STUDY")))
    c.w(exam[0], "\n")
    if c.chance(0.85):
        H(c.pick(("CLINICAL HISTORY", "INDICATION", "HISTORY", "REASON FOR EXAM", "CLINICAL INDICATION")))
        c.f(c.pick(("{age} {man} with ", "{agesex}, ", "", "Pt with ")))
        c.w(exam[1].lower() if c.chance(0.5) else exam[1], ".\n")
    if c.chance(0.7):
        H(c.pick(("COMPARISON", "COMPARISONS", "PRIOR STUDIES")))
        c.fc(("{dpast}\n", "None.\n", "Prior CT from {ofac} dated {dpast}.\n", "Radiograph of {dpast} and {dshort}.\n",
              "No prior studies available.\n"))
    if c.chance(0.8):
        H(c.pick(("TECHNIQUE", "TECHNIQUE/PROTOCOL", "PROTOCOL")))
        c.w(exam[2], " ")
        c.w(c.pick(("Dose reduction techniques were used.", "CTDIvol 42 mGy, DLP 812 mGy-cm.", "", "Contrast: none.")),
            "\n")
    H("FINDINGS")
    c.w("\n" if c.chance(0.5) else "")
    for fnd in c.some(exam[3], 2):
        c.f(fnd)
        c.w("\n" if c.chance(0.6) else " ")
    c.w("\n")
    H(c.pick(("IMPRESSION", "IMPRESSION", "CONCLUSION", "IMPRESSION/RECOMMENDATIONS")))
    c.w("\n")
    for i, imp in enumerate(c.some(exam[4], 1), 1):
        c.w(f"{i}. ")
        c.f(imp)
        c.w("\n")
    if c.chance(0.4):
        c.fc(("Critical result communicated to {dr:ref} by telephone at {time} on {enc}, read back confirmed.\n",
              "Findings discussed with {drsig:ref} at {time}.\n",
              "Results called to {dr:ref}'s office ({phone:office}).\n"))
    c.fc(("\nDictated by: {drsig:rad}\nSigned: {enc} {time}\n", "\nInterpreted by {drsig:rad}\n",
          "\n{drsig:rad}\nElectronically signed {enc} {time}\n",
          "\nRadiologist: {dr:rad}\nResident: {dr:res}\n", "\nFinal report by {drsig:rad} on {enc}.\n"))
    if c.chance(0.15):
        c.f("Images available at {url}\n")


def en_operative(c: EnglishNote) -> None:
    p = c.proc = c.pick(PROCS)
    c.fc(("OPERATIVE REPORT\n", "Operative Note\n", "BRIEF OP NOTE\n", "{fac}\nOPERATIVE REPORT\n", "Procedure Note\n"))
    rows = [(0.9, FIELD_NAME), (0.7, FIELD_MRN), (0.5, FIELD_DOB),
            (0.95, ("Date of Surgery: {enc}", "Date of Procedure: {enc}", "DOS: {enc}", "Surgery Date: {enc}"))]
    en_fields(c, rows)
    H = lambda name: c.w(f"{name}:" + (" " if c.hstyle in (2, 3) else "\n"))
    H(c.pick(("PREOPERATIVE DIAGNOSIS", "Preoperative Diagnosis", "Pre-op Dx")))
    c.w(p["pre"], "\n")
    H(c.pick(("POSTOPERATIVE DIAGNOSIS", "Postoperative Diagnosis", "Post-op Dx")))
    c.w(c.pick(("Same", p["pre"], "Same as above")), "\n")
    H(c.pick(("PROCEDURE", "PROCEDURE PERFORMED", "Operation")))
    c.w(p["name"], "\n")
    H(c.pick(("SURGEON", "Surgeon", "Attending Surgeon")))
    c.f("{drsig:surg}\n")
    if c.chance(0.7):
        H(c.pick(("ASSISTANT", "Assistant(s)", "First Assist")))
        c.f(c.pick(("{drsig:res}\n", "{dr:np}\n", "None\n")))
    H(c.pick(("ANESTHESIA", "Anesthesia", "Anesthesia Type")))
    c.w(p["anes"])
    c.f(c.pick(("\n", " ({dr:anes})\n", "; anesthesiologist {drsig:anes}\n")))
    H(c.pick(("ESTIMATED BLOOD LOSS", "EBL")))
    c.w(f"{c.s_n('ebl')} mL\n")
    if c.chance(0.6):
        H(c.pick(("FLUIDS", "IVF")))
        c.w(f"{c.s_n('ivf')} mL LR\n")
    H(c.pick(("COMPLICATIONS", "Complications")))
    c.w(c.pick(("None.", "None apparent.", "No immediate complications.")), "\n")
    if c.chance(0.6):
        H(c.pick(("SPECIMENS", "Specimen(s)")))
        c.w(c.pick(("To pathology.", "None.", "Gallbladder to pathology.", "Polyp to pathology.")), "\n")
    if p["implant"]:
        H(c.pick(("IMPLANTS", "Implants", "IMPLANTS/DEVICES")))
        for imp in p["implant"]:
            c.w(imp)
            c.fc((", lot {lot}", ", serial number {serial:" + slug(imp)[:6] + "}",
                  ", SN {serial:" + slug(imp)[:6] + "}",
                  " (lot # {lot})", ", REF 6260-5-{n:mm}, lot {lot}", " UDI {udi}"))
            c.w("\n")
    H(c.pick(("FINDINGS", "Findings")))
    c.w(p["findings"], "\n")
    H(c.pick(("INDICATIONS", "INDICATIONS FOR PROCEDURE", "Indications")))
    c.fc(("{ptt} is a {age} {man} with {pmhlist} and {pre}. Risks, benefits and alternatives were discussed and consent was obtained.\n",
          "{age} {man} with {pre}. Consent signed {d} in the presence of {rel}.\n",
          "{pt} presented with {pre}. After discussion of risks including bleeding, infection and injury to surrounding structures, {he} wished to proceed.\n"))
    H(c.pick(("DESCRIPTION OF PROCEDURE", "Description of Procedure", "PROCEDURE IN DETAIL", "Details")))
    steps = list(p["steps"])
    if c.chance(0.5):
        steps.insert(0, c.pick(("The patient was identified in the preoperative holding area and the site was marked.",
                                "A time-out was performed confirming patient, procedure and site.")))
    c.w(" ".join(steps) if c.chance(0.5) else "\n".join(steps))
    c.w("\n")
    c.fc(("The patient tolerated the procedure well and was taken to PACU in stable condition.\n",
          "Sponge and needle counts were correct x2. {drlast:surg} was present and scrubbed for the entire procedure.\n",
          "Pt to PACU, extubated, stable. Dispo per {dr:surg}. Update given to {rel} by phone at {phone:rel}.\n"))
    c.fc(("\n{drsig:surg}\n", "\nDictated by: {drsig:surg}  D: {enc}\n",
          "\nElectronically signed by {drsig:surg} on {enc} at {time}\n"))
