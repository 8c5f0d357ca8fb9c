"""English note types outside the core hospital record: consult letter, medication list, telephone and
telehealth encounters, face sheet, nursing, social-work and device-clinic notes."""

from __future__ import annotations

from medcorpus.sample_data.en_context import EnglishNote
from medcorpus.sample_data.en_scenarios import ALLERGIES
from medcorpus.sample_data.en_sections import (
    CC_LINES, FIELD_ACCT, FIELD_DOB, FIELD_MRN, FIELD_NAME, en_fields, en_hpi, en_problem_plan, en_ros, en_signature,
    pe_line,
)


def en_consult_letter(c: EnglishNote) -> None:
    c.f("{fac:clinic}\n")
    c.fc(("{addr2:clinic}\n", "{addr1:clinic}\n", ""))
    c.fc(("Tel {phone:clinic}  Fax {fax:clinic}\n", "P: {phone:clinic} | F: {fax:clinic}\n",
          "Phone: {phone:clinic}\nFax: {fax:clinic}\n",
          "Telephone {phone:clinic}\n"))
    c.w("\n")
    c.f("{enc}\n\n")
    c.fc(("{drsig:ref}\n{fac:ref}\n{addr2:ref}\n\n", "{drsig:ref}\n{addr1:ref}\n\n",
          "Dr. {drlast:ref}\n{fac:hospital}\n\n", ""))
    c.fc(("RE: {ptname}\nDOB: {dob}\n", "Re: {ptname}, DOB {dob}, MRN {mrn}\n", "Patient: {ptname}  (DOB {dob})\n",
          "RE: {ptname}\nDate of Birth: {dob}\nMR#: {mrn}\n"))
    c.w("\n")
    c.fc(("Dear Dr. {drlast:ref},\n\n", "Dear {drfirst:ref},\n\n", "Dear Colleague,\n\n", "Dear Dr. {drlast:ref}:\n\n"))
    c.fc(("Thank you for referring {ptt}, a {age} {man}, whom I saw in {fu_svc} clinic on {enc} for {cc}. ",
          "I had the pleasure of seeing your patient, {pt}, today in consultation regarding {dx}. ",
          "Thank you for asking me to see {ptt} in consultation. As you know, {he} is a {age} {man} with {pmhlist}. ",
          "I saw {ptt} on the {dord} at our {city:clinic} office. "))
    c.fc(("{He} was accompanied by {rel}. ", "{He} came alone today. ", "",
          "{He} was recently hospitalized at {ofac} from {d} to {d}. "))
    c.w("\n\n")
    for t in [c.scen["hpi"][0]] + c.some(c.scen["hpi"][1:], 0):
        c.f(t)
        c.w(" ")
    c.w("\n\n")
    if c.chance(0.6):
        c.fc(("Current medications include ", "{His} medications are ", "Medications: "))
        c.w("; ".join(c.medline(m, 0) for m in c.meds()) or "none", ".\n\n")
    c.fc(("On examination, ", "Exam today: ", "Examination was notable for the following: "))
    c.w(c.s_vitals(), ". ")
    c.w(pe_line(c, "cv"), ". ", pe_line(c, "lungs"), ".\n\n")
    c.w(c.s_results() if c.chance(0.7) else c.s_labs())
    c.w("\n\n")
    c.fc(("In summary, ", "Impression: ", "My assessment is that ", "Overall, "))
    c.fc(("{ptt} has {dx}. ", "this is most consistent with {dx}. ", "{his} presentation is consistent with {dx}. "))
    c.w("My recommendations are:\n" if c.chance(0.6) else "I would suggest the following:\n")
    recs = [c.pick(("Start ", "Continue ", "I have started ", "Recommend ")) + c.medline(m, 0) + "."
            for m in c.some(c.scen["meds"], 1, 2)]
    recs += c.some(("Repeat BMP and CBC in 1 week.", "Echocardiogram if symptoms recur.",
                    "Smoking cessation counseling.",
                    "Return precautions reviewed with the patient.", "Physical therapy referral.",
                    "Please check a lipid panel and A1c at the next visit.", "No driving until cleared."), 1, 2)
    for i, t in enumerate(recs, 1):
        c.w(f"{i}. {t}\n")
    c.fc(("\nI will see {him} again in {n:weeks} weeks. ", "\nFollow-up is arranged for {dfu}. ",
          "\nI have not scheduled routine follow-up. "))
    c.fc(("Please do not hesitate to contact me at {phone:office} or {email:cons} with any questions.\n",
          "Please call me with any questions.\n", "Thank you for this interesting referral.\n"))
    c.fc(("\nSincerely,\n\n{drsig:cons}\n", "\nWith kind regards,\n{drsig:cons}\n{fu_svc}\n",
          "\nYours sincerely,\n\n\n{drsig:cons}\nLicense #{medlic:cons}\n",
          "\nBest regards,\n{drsig:cons}\nNPI: {npi:cons}\n"))
    if c.chance(0.6):
        c.fc(CC_LINES)
        c.w("\n")


def en_medlist(c: EnglishNote) -> None:
    c.fc(("MEDICATION RECONCILIATION\n", "Medication List\n", "Outpatient Medication List as of {enc}\n",
          "Home Medication Review\n",
          "Pharmacy Medication History\n", "ACTIVE MEDICATIONS\n"))
    en_fields(c, [(0.9, FIELD_NAME), (0.6, FIELD_DOB), (0.5, FIELD_MRN),
                   (0.4, ("Reviewed: {enc}", "Last updated {enc} {time}", "Date: {enc}")),
                   (0.5, ("Insurance: {payer}  Member ID: {plan}", "Plan: {payer} / ID {plan}",
                          "Rx BIN 610014  Member #: {plan}")),
                   (0.5, ("Preferred pharmacy: {fac:pharm}, {phone:pharm}",
                          "Pharmacy: {fac:pharm} ({street:pharm}, {city:pharm})",
                          "Pharmacy: {fac:pharm}  Ph {phone:pharm}  Fax {fax:pharm}")),
                   (0.3, ("Source: patient and {rel}", "Source: pill bottles brought by {rel}",
                          "Source: outside records from {ofac}"))])
    meds = c.meds(c.scen["meds"] if c.chance(0.4) else ())
    style = c.r.randrange(5)
    head = c.pick(("", "Drug / Dose / Route / Frequency / Prescriber\n", "Scheduled:\n", "Current:\n"))
    c.w(head)
    for i, m in enumerate(meds, 1):
        c.w(f"{i}. " if c.chance(0.5) else "- ", c.medline(m, style))
        if c.chance(0.3):
            c.w(c.pick((" - taking", " - not taking", " (last dose ", " - pt unsure of dose")))
            if c.doc.parts[-1] == " (last dose ":
                c.f("{dshort})")
        if c.chance(0.2):
            c.f("  Rx: {dr:pcp}")
        c.w("\n")
    if c.chance(0.5):
        c.w(c.pick(("PRN:\n", "As needed:\n", "")))
        c.w("- ", c.pick(("acetaminophen 500 mg 1-2 tabs q6h prn pain", "albuterol HFA 2 puffs q4h PRN wheeze",
                          "ondansetron 4 mg ODT q8h PRN nausea", "melatonin 3 mg qHS prn sleep")), "\n")
    c.w("\n")
    c.f(c.pick(("Allergies: ", "ALLERGIES: ", "Allergy list: ")))
    c.w(c.pick(ALLERGIES), "\n")
    if c.chance(0.6):
        c.fc(("Prescriber: {drsig:pcp}  DEA# {dea:pcp}  NPI {npi:pcp}\n",
              "Ordering provider: {drsig:pcp} (NPI: {npi:pcp})\n",
              "Controlled substance Rx by {dr:pcp}, DEA {dea:pcp}\n", "Prescriber DEA: {dea:pcp}\n"))
    if c.chance(0.5):
        c.fc(("Reconciled by {dr:pharm} on {enc}.\n", "Reviewed with patient by {drsig:rn}.\n",
              "Pharmacist: {drsig:pharm}\n",
              "Changes discussed with {ptt} and {rel}.\n"))
    if c.chance(0.3):
        c.fc(("Refill requests: call {phone:clinic} or use {url}.\n", "Fax refill requests to {fax:clinic}.\n",
              "Patient email on file: {email}\n"))


def en_phone(c: EnglishNote) -> None:
    c.fc(("TELEPHONE ENCOUNTER\n", "Phone Note\n", "Telephone Call\n", "Patient Call - {fac:clinic}\n",
          "Nurse Triage Call\n", "Message\n"))
    en_fields(c, [(0.8, FIELD_NAME), (0.5, FIELD_MRN), (0.5, FIELD_DOB),
                   (0.8, ("Date: {enc} {time}", "Call received: {enc} at {time}", "{enc} {time}")),
                   (0.6, ("Caller: patient", "Caller: {rel}", "Caller: {relw} ({reln})", "Call from: {ptname}")),
                   (0.7, ("Callback #: {phone:home}", "Best number: {phone:cell}", "Call back at {phone:home}",
                          "Phone: {phone:cell}")),
                   (0.3, ("Alt phone: {phone:rel}", "Email: {email}"))])
    c.fc(("Identity verified with name and DOB. ", "Identity verified with {natid} and DOB. ",
          "Two identifiers confirmed (DOB {dob} and address {street}). ",
          "Verified identity with last 4 of SSN ({ssn4}) and DOB. ", "Pt verified name/DOB. ", ""))
    c.fc(("{ptt} called to report {cc} x {dur}. ", "Pt calling c/o {cc}. ",
          "{rel} called on behalf of {ptt}, reporting {cc}. ",
          "Returned call to {pt} re: lab results. ", "{ptfirst} called asking for a refill of {drug}. "))
    c.fc(("Denies fever, CP, SOB. ", "Reports mild dizziness on standing. ", "Taking meds as prescribed. ",
          "Has not been able to pick up meds from {fac:pharm}. "))
    c.w("\n")
    c.fc(("Advised to go to ED if symptoms worsen. ", "Appt scheduled with {dr:pcp} on {dfu} at {time}. ",
          "Rx sent to {fac:pharm}. ", "Message routed to {dr:pcp} for review. ",
          "Per {dr:pcp}, increase dose to {n:dose} tabs daily. "))
    c.fc(("Pt verbalized understanding.\n", "Caller agrees with plan.\n", "Will call back if no improvement.\n", "\n"))
    if c.chance(0.3):
        c.fc(("Insurance updated: {payer}, member {plan}.\n",
              "Billing question re: account {acct} forwarded to billing.\n",
              "Pt requests records be faxed to {fax:outside}.\n", "Updated address: {addr1}.\n",
              "New email: {email}\n"))
    c.fc(("-- {drsig:rn}\n", "{drsig:rn} / {time}\n", "Documented by {dr:rn}\n", "{drsig:np}\n"))


def en_telehealth(c: EnglishNote) -> None:
    c.outpatient()
    c.fc(("TELEHEALTH VISIT\n", "Video Visit Note\n", "Virtual Visit - {fac:clinic}\n", "Telemedicine Progress Note\n",
          "Telehealth Encounter\n"))
    en_fields(c, [(0.8, FIELD_NAME), (0.6, FIELD_DOB), (0.5, FIELD_MRN),
                   (0.8, ("Visit date: {enc}", "Date of Service: {enc}", "DOS {enc}")),
                   (0.6, ("Provider: {drsig:pcp}", "Clinician: {drsig:np}"))])
    c.fc(("This visit was conducted via synchronous audio-video. ", "Video visit via {url:tele}. ",
          "Visit performed over secure video; patient consented to telehealth. ",
          "Telephone-only visit (video failed). "))
    c.fc(("Patient location: home in {city}, {state}. ", "Pt located at {addr1} at time of visit. ",
          "Patient at {fac:nh}. ",
          "Patient located in {city}. "))
    c.fc(("Provider location: {fac:clinic}.\n", "Provider at home office.\n", "\n"))
    if c.chance(0.75):
        c.fc(("Connection log: client IP {ip}, session {time}-{time}.\n",
              "Session metadata: patient device IP {ip}; provider IP {ip}.\n",
              "Audio dropped x1; reconnected from {ip}.\n", "Platform audit: joined {time} from {ip} ({url:tele}).\n"))
    c.w("\n")
    c.section("hpi", lambda: en_hpi(c, 1))
    c.section("ros", lambda: en_ros(c), block=True)
    c.section("pe", lambda: c.w(c.pick(("Limited by video. Alert, conversant, no increased work of breathing.",
                                         "Appears well on video. Speaking full sentences. No facial asymmetry.",
                                         "Self-reported vitals: BP " + c.s_n("sbp") + "/" + c.s_n("dbp") + ", HR " + c.s_n("hr") + ".")), "\n"))
    c.section("ap", lambda: en_problem_plan(c, outpatient=True), block=True)
    c.fc(("Total time {n:mins} minutes, >50% counseling.\n", "Patient instructed to upload photos to {url}.\n",
          "After-visit summary sent to {email}.\n", "Follow-up video visit {dfu}.\n"))
    en_signature(c)


def en_facesheet(c: EnglishNote) -> None:
    c.fc(("PATIENT REGISTRATION / FACE SHEET\n", "FACE SHEET\n", "{fac}\nPatient Demographics\n",
          "ADMISSION FACE SHEET\n",
          "Registration Summary\n"))
    c.w("\n")
    rows = [
        (1.0, FIELD_NAME), (0.95, FIELD_DOB), (0.9, ("Sex: {sex}", "Gender: {sex}")), (0.9, FIELD_MRN), (0.7, FIELD_ACCT),
        (0.8, ("SSN: {ssn}", "Social Security #: {ssn}", "SS#: {ssn}", "SSN: XXX-XX-{ssn4}")),
        (0.95, ("Address: {addr1}", "Home Address: {addr1}", "Street: {street}\nCity/State/ZIP: {cityline}")),
        (0.9, ("Home Phone: {phone:home}", "Phone: {phone:home}", "Primary #: {phone:home}")),
        (0.6, ("Cell: {phone:cell}", "Mobile: {phone:cell}", "Work Phone: {phone:work}")),
        (0.6, ("Email: {email}", "E-mail: {email}")),
        (0.5, ("Driver's License: {dl} ({state})", "DL#: {dl}", "ID: State driver license {dl}")),
        (0.4, ("{natid}", "ID on file: {natid}", "Secondary ID - {natid}")),
        (0.9, ("Primary Insurance: {payer}\nMember ID: {plan}", "Insurance: {payer}  Policy #: {plan}",
               "Payer: {payer}  Subscriber ID: {plan}",
               "Medicare ID (MBI): {plan}")),
        (0.8, ("Emergency Contact: {rel}  Phone: {phone:rel}", "Next of Kin: {reln} ({relw}), {phone:rel}",
               "NOK: {rel} {phone:rel}")),
        (0.5, ("PCP: {drsig:pcp}  ({phone:clinic})", "Primary Physician: {drsig:pcp}")),
        (0.4, ("Employer: retired", "Occupation: {occ}", "Marital status: married", "Language: English",
               "Preferred language: Spanish")),
        (0.5, ("Admit Date: {adm}", "Registration Date: {enc} {time}")),
        (0.25,
         ("Vehicle (valet): {car}, plate {plate}", "Parking permit vehicle: plate {plate}",
          "Valet: {car} - plate {plate}")),
        (0.25, ("Patient portal: {url}", "Portal activation link sent: {url}")),
        (0.3, ("Registered by: {dr:rn} from workstation {ip}", "Audit: record accessed from {ip}")),
    ]
    en_fields(c, rows, shuffle=False)
    if c.chance(0.4):
        c.fc(("Advance directive on file: Yes. HCP: {rel}.\n",
              "Financial counseling referral: self-pay balance on account {acct}.\n",
              "Guarantor: {reln}, {addr1:g}\n"))


_NURSE_LINES = (
    "Pt AAOx3, VSS. c/o pain {n:pain}/10 R hip, PRN oxycodone 5 mg PO given w/ relief.",
    "{ptfirst} resting in bed, call light w/in reach, bed alarm on.",
    "BP {n:sbp}/{n:dbp}, HR {n:hr}, SpO2 {n:spo2}% on {n:o2l}L NC. Lungs diminished at bases.",
    "Ambulated 50 ft w/ walker + 1 assist. Tolerated well.",
    "FSBG {n:glu}; 4 units lispro given per sliding scale.",
    "Voiding qs, UOP {n:uop} mL this shift. Foley d/c'd.",
    "{rel} at bedside, updated on POC.",
    "Pt's {relw} called ({phone:rel}), update given per pt's permission.",
    "Pt confused overnight, reoriented x3. Sitter at bedside. s/p haldol 0.5 mg IV x1.",
    "Dressing to L hip C/D/I. Pedal pulses 2+.",
    "IV site R FA c/d/i, NS @ 75 mL/hr.",
    "Pt refused AM lab draw; MD ({dr:res}) aware.",
    "Skin: stage 2 sacral wound, Mepilex applied.",
    "Pt tolerating reg diet, ate 75% of meal.",
    "{relw} asking about d/c to {fac:nh}; CM notified.",
    "Pain 3/10 after tylenol 650 mg PO. Pt sleeping.",
    "Belongings: glasses, dentures (upper), cell phone. Wallet sent home w/ {reln}.",
    "{age} pt, high fall risk (Morse 65). Fall precautions in place.",
    "Pt stated, \"my {relw} will pick me up.\"",
    "Blood cx x2 drawn, 1 g ceftriaxone IVPB started.",
    "Telemetry: NSR 70s, occasional PVCs.",
    "Duonebs q.i.d. and PRN, last given 0600. Pt states SOB improved.",
    "Pt c/o nausea, zofran 4 mg IV given x1; tolerating sips.",
    "Paged {dr:res} re: HR {n:hr}, new orders rec'd.",
    "Dr. {drlast:res} notified of K {n:k}; replete per protocol.",
    "Pt transferred to 5W via wheelchair, report given to {dr:rn}.",
    "{ptt} asked that no info be given to callers other than {reln}.",
)


def en_nursing(c: EnglishNote) -> None:
    c.fc(("Nursing Note\n", "RN Shift Assessment\n", "NURSING PROGRESS NOTE {enc}\n", "Nursing Shift Note - 7a-7p\n",
          "Night shift note\n",
          "Flowsheet comment\n", "Nursing Narrative - {d}\n", "Shift summary\n"))
    if c.chance(0.6):
        en_fields(c, [(0.8, FIELD_NAME), (0.4, FIELD_MRN),
                       (0.5, ("Unit: 5 West", "Unit: MICU", "Unit: Ortho/Neuro", "Unit: Telemetry",
                              "Unit: 4B Med-Surg")),
                       (0.5, ("Shift: 0700-1900", "Shift: nights", "Shift: 1900-0700", "Date: {enc}")),
                       (0.3, ("Isolation: contact", "Code status: DNR", "Fall risk: high", "Diet: cardiac")),
                       (0.3, ("Attending: {dr:att}", "MD: {dr:res}"))])
    n = c.r.randint(3, 8)
    times = sorted(c.r.sample(range(0, 24 * 4), n))
    timed = c.chance(0.75)
    fmt = c.pick(("{h:02d}{m:02d} ", "{h:02d}{m:02d}: ", "{h:02d}:{m:02d} - ", "{h:02d}{m:02d} - "))
    for t, line in zip(times, c.sample(_NURSE_LINES, n)):
        if timed:
            c.w(fmt.format(h=t // 4, m=(t % 4) * 15))
        c.f(line)
        c.w("\n")
    c.fc(("-{drsig:rn}\n", "{drsig:rn}\n", "Signed {dr:rn} {enc} {time}\n", "{dr:rn}\n"))


def en_socialwork(c: EnglishNote) -> None:
    c.fc(("SOCIAL WORK NOTE\n", "Case Management / Social Work Assessment\n", "SW Progress Note\n",
          "Psychosocial Assessment\n",
          "Care Coordination Note\n"))
    if c.chance(0.6):
        en_fields(c, [(0.9, FIELD_NAME), (0.6, FIELD_MRN), (0.5, ("Date: {enc}", "DOS: {enc}")),
                       (0.5, ("Referral source: {dr:att}", "Consult requested by {dr:res}"))])
    c.fc(("SW met with {ptt} and {rel} at bedside to discuss discharge planning. ",
          "SW consulted for {cc}/housing concerns. ",
          "Met with {pt} today; {he} is alert and participated in the assessment. "))
    c.fc(("Pt lives {where} in {city}. ", "{He} reports living with {rel} at {addr1}. ",
          "Pt has been staying in {his} car (a {car}, plate {plate}) for the past month. ",
          "{He} is currently homeless and sleeps at a shelter on {streetname}; mail goes to {street}, {cityline}. "))
    c.fc(("Income: SSDI. ", "Insurance: {payer}, ID {plan}. ",
          "{His} income is a pension; bank account {acct} is managed by {rel}. ", ""))
    c.w("\n")
    c.fc(("Pt identifies {rel} as HCP; contact {phone:rel}. ", "{rel} ({email:rel}) would like updates by email. ",
          "Emergency contact: {rel}, {phone:rel}. ", "No identified HCP; pt to complete proxy form. "))
    c.fc(("SW provided information on rehab options: {fac:nh} and {ofac}. ",
          "Referral sent to {fac:nh} (fax {fax:nh}). ",
          "Pt's friends set up a fundraiser at {url:fund}. ",
          "Pt is visiting from abroad; {natid} (copy in chart). ",
          "Immigration paperwork pending; passport number {natid:bare} on file. ",
          "Discussed transportation; pt's license ({dl}) is suspended. ",
          "Pt's vehicle (VIN {vin}) was impounded; SW provided tow lot number. ", "Meals on Wheels referral placed. "))
    c.w("\n")
    c.fc(("Plan: SW to follow. ", "Plan: SNF placement at {fac:nh} pending insurance auth. ",
          "Plan: home with VNA; f/u w/ {dr:pcp}. "))
    c.fc(("\n{drsig:sw}\n", "\n-- {drsig:sw}\n", "\n{drsig:sw}  {enc}\n"))


def en_device(c: EnglishNote) -> None:
    c.fc(("DEVICE CLINIC NOTE\n", "Pacemaker Interrogation\n", "ICD Remote Transmission Review\n",
          "Cardiac Device Check\n",
          "EP Device Clinic - {fac:clinic}\n"))
    en_fields(c, [(0.9, FIELD_NAME), (0.7, FIELD_MRN), (0.6, FIELD_DOB),
                   (0.8, ("Date: {enc}", "Interrogation date: {enc}", "Transmission received: {enc} {time}")),
                   (0.5, ("Follows with: {drsig:cons}", "EP: {dr:cons}"))])
    kind = c.pick(("pacemaker", "ICD", "CRT-D", "loop recorder"))
    model = {"pacemaker": ("Medtronic Azure XT DR MRI", "Boston Scientific Accolade MRI", "Abbott Assurity MRI"),
             "ICD": ("Medtronic Evera MRI XT VR", "Boston Scientific Dynagen", "Abbott Ellipse VR"),
             "CRT-D": ("Medtronic Claria MRI", "Boston Scientific Resonate X4"),
             "loop recorder": ("Medtronic LINQ II", "Abbott Confirm Rx")}[kind]
    c.w(f"Device: {c.pick(model)} {kind}")
    c.fc(("\nSerial #: {serial:gen}\n", ", SN {serial:gen}\n", " (serial number {serial:gen})\n",
          "\nModel/Serial: see below; SN {serial:gen}\n"))
    c.fc(("Implanted {dpast} at {ofac} by {dr:cons}.\n", "Implant date: {dpast}\n", "Implanted {year} for CHB.\n",
          "Implanted on {dpast}; indication sick sinus syndrome.\n"))
    if kind != "loop recorder" and c.chance(0.7):
        c.fc(("RA lead: {serial:ra}; RV lead: {serial:rv}\n", "Leads: RV lead SN {serial:rv}\n", ""))
    c.w(f"Battery: {c.s_n('batt')} years remaining. ")
    if kind == "loop recorder":
        c.w(f"R-wave sensing {c.s_n('sense')} mV. AF burden {c.s_n('burden')}%.\n")
    else:
        c.w(f"RV impedance {c.s_n('impedance')} ohms, threshold {c.s_n('thresh')} V @ 0.4 ms, R wave {c.s_n('sense')} mV. ")
        c.w(f"AP {c.s_n('apace')}%, VP {c.s_n('apace')}%. AF burden {c.s_n('burden')}%.\n")
    c.fc(("No arrhythmias. ", "Two brief episodes of NSVT, longest 6 beats. ", "No therapies delivered. ",
          "1 episode of AT/AF lasting 3 hours on {dshort}. "))
    c.fc(("Normal device function.\n", "Device functioning appropriately; no changes made.\n",
          "Lower rate changed from 60 to 70 bpm.\n"))
    if c.chance(0.5):
        c.fc(("Remote monitor (transmitter SN {serial:tx}) paired; home hub IP {ip}.\n",
              "Remote monitoring via CareLink; patient's monitor SN {serial:tx}.\n",
              "Next remote transmission {dfu}.\n"))
    c.fc(("Return in 6 months.\n", "In-clinic follow-up {dfu}.\n", ""))
    en_signature(c)
