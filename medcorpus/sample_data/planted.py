"""Planted records: exact and near duplicates, junk and foreign-language paragraphs."""

from __future__ import annotations

import random
import re


_EN_SWAPS = {"patient": "pt", "mild": "moderate", "left": "right", "denies": "reports no", "daily": "twice daily",
             "improved": "improving", "stable": "unchanged", "pain": "discomfort", "history": "hx",
             "started": "initiated",
             "continue": "cont", "discharged": "sent", "shortness": "tightness", "without": "w/o", "with": "w/",
             "normal": "unremarkable", "reports": "states", "recommend": "suggest", "follow": "f/u", "acute": "new"}
_ZH_SWAPS = {"患者": "病人", "明显": "显著", "治疗": "处理", "予": "给予", "无": "未见", "检查": "检验", "好转": "改善",
             "建议": "推荐", "出现": "发生", "伴": "伴有", "复查": "再查", "入院": "住院"}
_EN_ADD = ("Patient was seen and examined at bedside.", "Plan discussed with nursing staff.",
           "Will continue to monitor closely.",
           "Labs to be repeated in the morning.", "Pain is well controlled on the current regimen.",
           "No acute events overnight.",
           "Case reviewed with the care team.", "Encouraged ambulation and incentive spirometry.")
_ZH_ADD = ("继续目前治疗，密切观察病情变化。", "已向患者及家属交代病情。", "嘱患者注意休息，清淡饮食。", "明日复查血常规。",
           "患者一般情况可，生命体征平稳。", "遵医嘱执行。")


def _free_ranges(text: str, spans: list[dict]) -> list[tuple[int, int]]:
    """Stretches of text with no PHI span in them."""
    out, pos = [], 0
    for sp in spans:
        if sp["start"] > pos:
            out.append((pos, sp["start"]))
        pos = sp["end"]
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _in_free(free: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in free)


def _apply_edit(text: str, spans: list[dict], a: int, b: int, new: str) -> tuple[str, list[dict]]:
    delta = len(new) - (b - a)
    out = []
    for sp in spans:
        if sp["end"] <= a:
            out.append(dict(sp))
        elif sp["start"] >= b:
            out.append({"start": sp["start"] + delta, "end": sp["end"] + delta, "label": sp["label"]})
        else:  # only whole lines with no PHI are removed, so this cannot happen
            raise AssertionError("edit overlaps a span")
    return text[:a] + new + text[b:], out


def _near_duplicate(rec: dict, r: random.Random) -> tuple[str, list[dict], float]:
    text, spans = rec["text"], [dict(s) for s in rec["spans"]]
    zh = rec["lang"] == "zh"
    orig_len = len(text)
    changed = 0
    n_edits = r.randint(1, 3)
    kinds = ["word", "number", "del_line", "add_line"]
    done = 0
    tries = 0
    while done < n_edits and tries < 20:
        tries += 1
        kind = r.choice(kinds)
        free = _free_ranges(text, spans)
        if kind == "word":
            swaps = _ZH_SWAPS if zh else _EN_SWAPS
            pat = "|".join(map(re.escape, swaps)) if zh else r"\b(?:" + "|".join(swaps) + r")\b"
            cands = [m for m in re.finditer(pat, text) if _in_free(free, m.start(), m.end())]
            if not cands:
                continue
            m = r.choice(cands)
            new = swaps[m.group(0)]
            text, spans = _apply_edit(text, spans, m.start(), m.end(), new)
            changed += len(m.group(0)) + len(new)
        elif kind == "number":
            cands = [m for m in re.finditer(r"(?<![\w./:-])\d{2,3}(?![\w/:-])", text)
                     if _in_free(free, m.start(), m.end())]
            if not cands:
                continue
            m = r.choice(cands)
            old = int(m.group(0))
            new_n = old + r.choice((-3, -2, -1, 1, 2, 4, 10))
            new = str(max(10, new_n))
            if new == m.group(0):
                continue
            text, spans = _apply_edit(text, spans, m.start(), m.end(), new)
            changed += len(m.group(0)) + len(new)
        elif kind == "del_line":
            lines = []
            pos = 0
            for ln in text.split("\n"):
                lines.append((pos, pos + len(ln)))
                pos += len(ln) + 1
            cands = [(a, b) for i, (a, b) in enumerate(lines)
                     if i > 0 and 15 <= b - a < 0.12 * orig_len and b < len(text) and _in_free(free, a, b + 1)]
            if not cands:
                continue
            a, b = r.choice(cands)
            text, spans = _apply_edit(text, spans, a, b + 1, "")
            changed += b + 1 - a
        else:
            breaks = [m.end() for m in re.finditer("\n", text) if _in_free(free, m.end() - 1, m.end())]
            if not breaks:
                continue
            at = r.choice(breaks)
            new = r.choice(_ZH_ADD if zh else _EN_ADD) + "\n"
            text, spans = _apply_edit(text, spans, at, at, new)
            changed += len(new)
        done += 1
    if text == rec["text"]:  # guarantee a difference
        new = r.choice(_ZH_ADD if zh else _EN_ADD)
        text = text + "\n" + new
        changed += len(new) + 1
    return text, spans, round(changed / max(1, orig_len), 4)


_EN_BOILER = ("Home | About Us | Find a Doctor | Locations | Patients & Visitors | Careers | Contact Us",
              "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.",
              "Accept all cookies   Reject non-essential   Cookie settings",
              "Copyright © 2023 All rights reserved. Privacy Policy | Terms of Use | Accessibility | Non-Discrimination Notice",
              "Skip to main content", "Sign in to MyChart",
              "Subscribe to our newsletter for health tips delivered to your inbox.",
              "This website is for informational purposes only and does not constitute medical advice.",
              "Share this page: Facebook Twitter LinkedIn Email Print", "Back to top ^",
              "Click here to download the PDF version.",
              "Related articles:", "Was this page helpful?  Yes  No", "Loading...",
              "JavaScript is disabled in your browser.")
_ZH_BOILER = ("首页 | 医院概况 | 科室导航 | 专家介绍 | 就医指南 | 新闻中心 | 联系我们", "本网站使用Cookie以提升您的浏览体验，继续浏览即表示您同意。",
              "版权所有 © 2023  保留所有权利  ICP备案号：京ICP备00000000号", "免责声明：本站内容仅供参考，不作为诊断及医疗依据。",
              "扫一扫关注官方微信公众号", "返回顶部", "上一篇  下一篇", "点击下载APP，随时随地问医生", "分享到：微信 微博 QQ空间",
              "热门搜索：高血压 糖尿病 感冒 失眠 颈椎病", "正在加载中……", "您的浏览器版本过低，请升级后访问。")
_MOJI_EN = ("Patient’s temperature 38.5°C – started on ceftriaxone 1 g IV; dose of vitamin B12 1000 µg weekly.",
            "Café-au-lait macules noted × 3; the “rash” resolved ≥ 48 h after stopping the drug.",
            "Résumé of care: naïve to biologics, ½ tablet at bedtime, BP ≤ 130/80 — target met.")
_MOJI_ZH = ("患者入院后予抗感染、化痰及对症支持治疗，症状明显好转。", "血常规：白细胞计数升高，中性粒细胞比例百分之八十六。",
            "建议低盐低脂饮食，规律服药，定期门诊复查。", "胸部CT示右肺下叶炎症，较前片吸收。")
_FOREIGN = {
    "de": ("Der Patient wurde mit akuten Brustschmerzen in die Notaufnahme eingeliefert.",
           "Die Laborwerte zeigten eine erhöhte Troponinkonzentration.",
           "Es wurde eine Therapie mit Acetylsalicylsäure und Heparin eingeleitet.",
           "Die Blutdruckwerte lagen bei 150/90 mmHg.",
           "Eine Koronarangiographie ist für morgen geplant.",
           "Der Allgemeinzustand ist stabil, die Patientin ist wach und orientiert.",
           "Die Entlassung erfolgt voraussichtlich in drei Tagen.", "Bitte Kontrolle der Nierenwerte in einer Woche."),
    "fr": ("Le patient a été admis aux urgences pour une dyspnée d'aggravation progressive.",
           "La radiographie thoracique montre un épanchement pleural bilatéral.",
           "Un traitement diurétique par furosémide a été instauré.",
           "L'évolution clinique est favorable après 48 heures.",
           "Les antécédents comprennent une hypertension artérielle et un diabète de type 2.",
           "La fonction rénale reste stable.",
           "Un suivi en consultation de cardiologie est recommandé.", "Pas d'allergie médicamenteuse connue."),
    "es": ("La paciente acude a urgencias por dolor abdominal en fosa ilíaca derecha.",
           "La ecografía abdominal sugiere apendicitis aguda.",
           "Se realizó apendicectomía laparoscópica sin complicaciones.", "Presenta fiebre de 38,2 °C y leucocitosis.",
           "Se inicia tratamiento antibiótico empírico con amoxicilina-clavulánico.",
           "Evolución favorable, tolera dieta oral.",
           "Se recomienda control en consultas externas en dos semanas.", "Antecedentes personales sin interés."),
    "ru": ("Пациент поступил с жалобами на кашель и повышение температуры до 38,5 °C.",
           "При рентгенографии выявлена правосторонняя нижнедолевая пневмония.",
           "Назначена антибактериальная терапия цефтриаксоном.", "Состояние пациента средней тяжести, стабильное.",
           "В анамнезе артериальная гипертензия и сахарный диабет.",
           "Рекомендовано наблюдение у терапевта по месту жительства.",
           "Аллергологический анамнез не отягощён.", "Выписан в удовлетворительном состоянии."),
    "ja": ("患者は胸痛を主訴に救急外来を受診した。", "心電図でST低下を認め、トロポニンは上昇していた。", "冠動脈造影で左前下行枝に高度狭窄を認めた。",
           "経皮的冠動脈インターベンションを施行した。", "術後経過は良好で、第5病日に退院となった。", "既往歴に高血圧と脂質異常症がある。",
           "今後は外来で経過観察の予定である。", "薬剤アレルギーはない。"),
}
JUNK_TYPES = ("shuffled_words", "repeated_lines", "boilerplate", "random_chars", "mojibake", "number_table",
               "truncated_fragment")


def _strip_phi(rec: dict) -> str:
    """The note's text with PHI values cut out, so junk made from it carries no unlabelled PHI."""
    text = rec["text"]
    return "".join(text[a:b] for a, b in _free_ranges(text, rec["spans"]))


def _junk(kind: str, lang: str, source: dict, r: random.Random) -> str:
    zh = lang == "zh"
    if kind == "shuffled_words":
        clean = _strip_phi(source)
        if zh:
            clean = re.sub(r"\s+", "", clean)
            toks = [clean[i:i + r.randint(1, 3)] for i in range(0, len(clean), 2)]
        else:
            toks = clean.split()
        r.shuffle(toks)
        return ("" if zh else " ").join(toks[: r.randint(60, 160)])
    if kind == "repeated_lines":
        free = _free_ranges(source["text"], source["spans"])
        pos, ok = 0, []
        for ln in source["text"].split("\n"):
            if len(ln.strip()) >= 12 and _in_free(free, pos, pos + len(ln)):
                ok.append(ln.strip())
            pos += len(ln) + 1
        line = r.choice(ok) if ok else r.choice(_ZH_BOILER if zh else _EN_BOILER)
        return "\n".join([line] * r.randint(15, 40))
    if kind == "boilerplate":
        pool = _ZH_BOILER if zh else _EN_BOILER
        return "\n".join(r.choice(pool) for _ in range(r.randint(6, 14)))
    if kind == "random_chars":
        alphabet = ("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"
                    "!@#$%^&*()_+=-[]{};:,.<>/?~0123456789") if zh else (
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()_+=-[]{};:'\",.<>/?\\|`~ ")
        return "".join(r.choice(alphabet) for _ in range(r.randint(200, 700)))
    if kind == "mojibake":
        src = " ".join(r.sample(_MOJI_ZH if zh else _MOJI_EN, 2 if not zh else 3))
        data = src.encode("utf-8")
        if zh and r.random() < 0.6:
            return data.decode("gbk", errors="replace")
        return data.decode("latin-1")
    if kind == "number_table":
        rows = []
        cols = r.randint(4, 9)
        sep = r.choice(("\t", " | ", ",", "  "))
        for _ in range(r.randint(12, 30)):
            rows.append(sep.join(r.choice((f"{r.uniform(0, 500):.2f}", str(r.randint(0, 9999)),
                                           f"{r.uniform(-5, 5):.3f}", "-", "0"))
                                 for _ in range(cols)))
        return "\n".join(rows)
    if kind == "truncated_fragment":
        text = source["text"]
        free = [(a, b) for a, b in _free_ranges(text, source["spans"]) if b - a >= 30]
        if not free:
            return (r.choice(_ZH_ADD) if zh else r.choice(_EN_ADD))[:15]
        a, b = r.choice(free)
        length = min(b - a, r.randint(12, 40) if zh else r.randint(20, 80))
        start = r.randint(a, b - length)
        frag = text[start:start + length].strip()
        return frag or (r.choice(_ZH_ADD) if zh else r.choice(_EN_ADD))[:15]
    raise ValueError(kind)


def _foreign(lang: str, r: random.Random) -> str:
    pool = _FOREIGN[lang]
    sents = r.sample(pool, r.randint(3, 5))
    return ("" if lang == "ja" else " ").join(sents)


def planted_records(notes: list[dict], lang: str, n: int, r: random.Random) -> list[dict]:
    out: list[dict] = []
    if not notes:
        return out
    n_exact, n_near = round(0.05 * n), round(0.05 * n)
    n_junk, n_foreign = round(0.04 * n), round(0.03 * n)
    for j in range(n_exact):
        src = r.choice(notes)
        out.append({"id": f"{lang}-dup-{j:06d}", "lang": lang, "kind": "exact_duplicate", "note_type": src["note_type"],
                    "duplicate_of": src["id"], "text": src["text"], "spans": [dict(s) for s in src["spans"]]})
    long_enough = [x for x in notes if len(x["text"]) >= (150 if lang == "zh" else 400)] or notes
    for j in range(n_near):
        src = r.choice(long_enough)
        text, spans, frac = _near_duplicate(src, r)
        out.append({"id": f"{lang}-near-{j:06d}", "lang": lang, "kind": "near_duplicate", "note_type": src["note_type"],
                    "duplicate_of": src["id"], "edit_fraction": frac, "text": text, "spans": spans})
    for j in range(n_junk):
        kind = JUNK_TYPES[j % len(JUNK_TYPES)]
        text = _junk(kind, lang, r.choice(notes), r)
        out.append({"id": f"{lang}-junk-{j:06d}", "lang": lang, "kind": "junk", "junk_type": kind, "text": text,
                    "spans": []})
    langs = ("de", "fr", "es", "ru", "ja")
    for j in range(n_foreign):
        fl = langs[j % len(langs)]
        out.append({"id": f"{lang}-foreign-{j:06d}", "lang": fl, "kind": "foreign", "text": _foreign(fl, r),
                    "spans": []})
    r.shuffle(out)
    return out
