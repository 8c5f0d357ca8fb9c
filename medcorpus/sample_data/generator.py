"""The sample corpus on disk: notes plus planted records as JSONL, a GB18030 dialogue CSV, malformed lines,
the manifest, and the command line.

CLI: ``python -m medcorpus.sample_data.generator --out DIR [--seed N] [--n-en N] [--n-zh N]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
from pathlib import Path
from typing import Sequence

from medcorpus.sample_data.notes import generate_notes, make_note
from medcorpus.sample_data.planted import planted_records
from medcorpus.schemas.phi import PHI_LABEL_NAMES


# A robust reader rejects texts longer than this; malformed.jsonl plants one just over it.
MAX_TEXT_CHARS = 200_000


# --------------------------------------------------------------------------------------------------
# dialogues_zh.csv (GB18030) and malformed.jsonl
# --------------------------------------------------------------------------------------------------

_QA = (
    ("心内科", "高血压{age}岁，血压{sbp}/{dbp}需要换药吗", "我今年{age}岁，{sex}，高血压{yrs}年了，一直吃硝苯地平控释片，最近早上量血压{sbp}/{dbp}，有时头晕，需要换药吗？",
     "你好，根据你的描述，血压控制不理想。建议：\n1. 先连续监测一周家庭血压，早晚各一次；\n2. 可在医生指导下加用厄贝沙坦150mg,每日一次；\n3. 低盐饮食，每天盐不超过5克。"),
    ("内分泌科", "空腹血糖{glu}正常吗", "体检查空腹血糖{glu}mmol/L，糖化血红蛋白6.4%，没有症状，这算糖尿病吗？要不要吃药？",
     "空腹血糖{glu}mmol/L属于偏高,糖化6.4%提示糖尿病前期。建议控制饮食、增加运动，3个月后复查OGTT，暂不需要药物。"),
    ("呼吸内科", "咳嗽{days}天了，吃了药不见好", "咳嗽{days}天，白天轻晚上重，有白痰，不发烧，吃了头孢和止咳糖浆都不管用，怎么办？",
     "考虑可能是感冒后咳嗽或咳嗽变异性哮喘，建议到医院做个胸片和肺功能检查。\n平时注意保暖,避免冷空气刺激。"),
    ("消化内科", "胃镜报告慢性胃炎伴糜烂严重吗", "胃镜结果：慢性非萎缩性胃炎伴糜烂，幽门螺杆菌阳性，经常反酸烧心，严不严重？",
     "不算严重，但幽门螺杆菌阳性建议根除治疗，一般是四联疗法吃14天，停药一个月后复查碳13呼气试验。"),
    ("神经内科", "老人头晕走路不稳", "我父亲{age}岁，最近一周头晕，走路往一边偏，说话还算清楚，血压{sbp}/{dbp}，需要马上去医院吗？",
     "这种情况要警惕后循环缺血或者脑梗死,建议尽快到医院急诊做头颅CT或核磁共振，不要拖。"),
    ("骨科", "腰椎间盘突出需要手术吗", "腰疼两年了，最近左腿发麻，核磁说L4/5椎间盘突出，医生让手术，能不能保守治疗？",
     "如果没有明显的肌力下降和大小便障碍，可以先保守治疗6-12周：\n卧床休息、理疗、口服消炎止痛药。\n保守无效再考虑微创手术。"),
    ("儿科", "孩子发烧{temp}度怎么办", "孩子{kid}岁，昨晚开始发烧，最高{temp}度，精神还可以，吃了布洛芬能退下去，需要去医院吗？",
     "精神状态好的话可以先在家观察，体温超过38.5度可以用布洛芬或对乙酰氨基酚，注意多喝水。如果持续发烧超过3天,或者出现抽搐、精神差，要及时就医。"),
    ("妇产科", "孕{wk}周血糖偏高", "怀孕{wk}周做糖耐量，空腹5.3，一小时10.2，两小时8.6，是妊娠糖尿病吗？",
     "按照诊断标准，空腹≥5.1即可诊断妊娠期糖尿病。建议营养科门诊指导饮食,监测血糖，多数通过饮食运动可以控制。"),
    ("皮肤科", "身上起红疹很痒", "前几天开始胸前和后背起红色小疹子，很痒，晚上更厉害，最近换了新的洗衣液，是过敏吗？",
     "有可能是接触性皮炎或者湿疹。建议先停用新洗衣液，口服氯雷他定，外用炉甘石洗剂，一周不好再来门诊。"),
    ("肾内科", "肌酐{cr}是不是肾衰竭", "体检肌酐{cr}μmol/L，尿蛋白+，医生说肾功能不好，我才{age}岁，是不是肾衰竭了？",
     "肌酐{cr}确实偏高，但是否为慢性肾脏病需要结合肾小球滤过率和复查结果判断。\n建议肾内科门诊就诊，完善尿蛋白定量、肾脏B超等检查。"),
    ("眼科", "看东西模糊有黑影", "最近右眼看东西模糊，眼前有黑影飘来飘去，我有糖尿病十年了，\"要紧吗\"？",
     "糖尿病患者出现这种症状要警惕糖尿病视网膜病变或玻璃体出血,建议尽快到眼科查眼底。"),
    ("中医科", "失眠多梦吃什么调理", "失眠两个月了，入睡困难，多梦易醒，白天没精神，能吃点中药调理吗？",
     "可以考虑中医辨证治疗，常见的有心脾两虚、肝郁化火等证型，需要面诊看舌苔脉象后开方。平时睡前避免看手机，规律作息。"),
)


def _dialogues_csv(seed: int, n: int = 60) -> tuple[bytes, int]:
    # The seed string defines the corpus: keep "medcorpus.synthetic|..." as it is.
    r = random.Random(f"medcorpus.synthetic|dialogues|{seed}")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["department", "title", "ask", "answer"])
    for _ in range(n):
        dept, title, ask, answer = r.choice(_QA)
        vals = {"age": str(r.randint(35, 85)), "sex": r.choice("男女"), "sbp": str(r.randint(145, 185)),
                "dbp": str(r.randint(88, 110)),
                "yrs": str(r.randint(2, 20)), "glu": f"{r.uniform(6.1, 7.8):.1f}", "days": str(r.randint(7, 40)),
                "temp": f"{r.uniform(38.0, 39.8):.1f}", "kid": str(r.randint(1, 9)), "wk": str(r.randint(24, 28)),
                "cr": str(r.randint(120, 260))}
        fill = lambda t: re.sub(r"\{(\w+)\}", lambda m: vals[m.group(1)], t)  # noqa: E731
        ask_t = fill(ask)
        if r.random() < 0.3:
            ask_t += r.choice(("谢谢医生！", "急，在线等。", "麻烦医生看一下,谢谢", "补充：之前没有类似情况。\n另外有青霉素过敏。"))
        w.writerow([dept, fill(title), ask_t, fill(answer)])
    return buf.getvalue().encode("gb18030"), n


def _malformed(seed: int) -> tuple[bytes, dict]:
    valid = [make_note("en" if i != 1 else "zh", seed + 1_000_003, i) for i in range(3)]
    for i, v in enumerate(valid):
        v["id"] = f"malformed-valid-{i}"

    def dumps(obj) -> bytes:
        return _dump_line(obj).encode("utf-8")

    base = {"id": "", "lang": "en", "kind": "note", "note_type": "progress_note", "spans": []}
    long_text = ("Patient seen and examined. Vitals stable. Continue current management. " * 3000)[: MAX_TEXT_CHARS + 57]
    lines: list[tuple[str, bytes]] = [
        ("valid", dumps(valid[0])),
        ("invalid_json",
         b'{"id": "bad-json", "lang": "en", "kind": "note", "text": "Pt seen in clinic today, no acute'),
        ("not_object",
         dumps([{**base, "id": "bad-array", "text": "Follow-up visit. BP 128/76. Continue lisinopril."}])),
        ("missing_text", dumps({**base, "id": "bad-missing-text"})),
        ("valid", dumps(valid[1])),
        ("text_not_string", dumps({**base, "id": "bad-text-type", "text": ["Pt stable.", "Continue meds."]})),
        ("empty_text", dumps({**base, "id": "bad-empty", "text": ""})),
        ("whitespace_text", dumps({**base, "id": "bad-whitespace", "text": " \n\t \u3000 "})),
        ("invalid_utf8",
         b'{"id": "bad-utf8", "lang": "en", "kind": "note", "text": "Pt c/o \xff\xfe chest pain \xc3\x28 x2d", "spans": []}'),
        ("text_too_long", dumps({**base, "id": "bad-too-long", "text": long_text})),
        ("valid", dumps(valid[2])),
    ]
    data = b"\n".join(b for _, b in lines) + b"\n"
    kinds = [k for k, _ in lines]
    bad = {k: kinds.count(k) for k in kinds if k != "valid"}
    info = {"lines": len(lines), "valid": kinds.count("valid"), "bad": len(lines) - kinds.count("valid"),
            "bad_by_kind": bad, "line_kinds": kinds, "valid_ids": [v["id"] for v in valid],
            "max_text_chars": MAX_TEXT_CHARS}
    return data, info


# --------------------------------------------------------------------------------------------------
# Corpus writer and CLI
# --------------------------------------------------------------------------------------------------

def _count(records: list[dict], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for rec in records:
        v = rec.get(key)
        if v is not None:
            out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


# str.splitlines() also breaks on these; escaping them keeps one record per line for any reader.
_LINE_BREAKERS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _dump_line(rec: dict) -> str:
    line = json.dumps(rec, ensure_ascii=False)
    for ch, esc in _LINE_BREAKERS.items():
        if ch in line:
            line = line.replace(ch, esc)
    return line


def _jsonl(records: list[dict]) -> bytes:
    return "".join(_dump_line(rec) + "\n" for rec in records).encode("utf-8")


def write_sample_corpus(out_dir, seed: int = 13, n_en: int = 300, n_zh: int = 200) -> dict:
    """Write the sample corpus into ``out_dir`` and return its manifest (also written as manifest.json)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"generator": "medcorpus.synthetic", "format_version": 1, "seed": seed,
                      "n_notes": {"en": n_en, "zh": n_zh}, "files": {}}
    totals: dict[str, int] = {}
    for lang, n in (("en", n_en), ("zh", n_zh)):
        notes = generate_notes(lang, n, seed)
        # The seed string defines the corpus: keep "medcorpus.synthetic|..." as it is.
        planted = planted_records(notes, lang, n, random.Random(f"medcorpus.synthetic|planted|{lang}|{seed}"))
        records = notes + planted
        name = f"notes_{lang}.jsonl"
        (out / name).write_bytes(_jsonl(records))
        spans: dict[str, int] = {}
        for rec in notes:
            for sp in rec["spans"]:
                spans[sp["label"]] = spans.get(sp["label"], 0) + 1
        by_kind = _count(records, "kind")
        for k, v in by_kind.items():
            totals[k] = totals.get(k, 0) + v
        manifest["files"][name] = {
            "records": len(records), "by_kind": by_kind, "by_lang": _count(records, "lang"),
            "note_types": _count(notes, "note_type"), "junk_types": _count(records, "junk_type"),
            "gold_span_counts": dict(sorted(spans.items())),
            "gold_labels_missing": [x for x in PHI_LABEL_NAMES if x not in spans],
        }
    csv_bytes, rows = _dialogues_csv(seed)
    (out / "dialogues_zh.csv").write_bytes(csv_bytes)
    manifest["files"]["dialogues_zh.csv"] = {"rows": rows, "columns": ["department", "title", "ask", "answer"],
                                             "encoding": "gb18030", "header": True}
    bad_bytes, bad_info = _malformed(seed)
    (out / "malformed.jsonl").write_bytes(bad_bytes)
    manifest["files"]["malformed.jsonl"] = bad_info
    manifest["by_kind"] = dict(sorted(totals.items()))
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8", newline="\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m medcorpus.sample_data.generator",
                                 description="Write the synthetic sample corpus (gold PHI notes plus planted duplicates, junk, "
                                             "foreign text, a GB18030 CSV and malformed lines).")
    ap.add_argument("--out", required=True, help="output directory (created if needed)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--n-en", type=int, default=300, help="number of English gold notes")
    ap.add_argument("--n-zh", type=int, default=200, help="number of Chinese gold notes")
    args = ap.parse_args(argv)
    if args.n_en < 0 or args.n_zh < 0:
        ap.error("--n-en and --n-zh must be >= 0")
    manifest = write_sample_corpus(args.out, seed=args.seed, n_en=args.n_en, n_zh=args.n_zh)
    print(f"sample corpus written to {args.out}: {', '.join(sorted(manifest['files']))} "
          "(manifest.json says what every record is)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
