"""Chinese note types: 入院记录, 出院小结, 门诊病历, 病程记录, 医患对话, 检查报告, 手术记录, 会诊记录."""

from __future__ import annotations

from medcorpus.sample_data.fakers import shift_days
from medcorpus.sample_data.zh_context import ChineseNote


def _zh_fields(c: ChineseNote, rows: list[tuple[float, tuple[str, ...]]], shuffle: bool = False) -> None:
    picked = [c.pick(opts) for p, opts in rows if c.chance(p)]
    if shuffle and c.chance(0.4):
        rest = picked[1:]
        c.r.shuffle(rest)  # the first field (name or number) stays on top, as on real forms
        picked = picked[:1] + rest
    per_line = c.pick((1, 1, 2, 3))
    sep = c.pick(("  ", "\u3000", "    ", "，"))
    for i, row in enumerate(picked):
        c.f(row)
        c.w("\n" if (i + 1) % per_line == 0 or i == len(picked) - 1 else sep)
    c.w("\n")


_ZF_NAME = ("姓名：{ptname}", "患者姓名：{ptname}", "姓名:{ptname}")
_ZF_SEXAGE = ("性别：{sex}  年龄：{age}", "性别：{sex}", "年龄：{age}", "{sex}，{age}")
_ZF_ID = ("身份证号：{idno}", "身份证号码：{idno}", "证件号码：{idno}", "公民身份号码：{idno}")
_ZF_PHONE = ("联系电话：{phone}", "电话：{phone}", "手机：{mobile}", "联系方式：{phone}")
_ZF_ADDR = ("住址：{addr}", "现住址：{addr}", "家庭住址：{addr}", "联系地址：{addr}")


def _zh_sig(c: ChineseNote) -> None:
    c.fc(("\n医师签名：{doc:res}\n", "\n主治医师：{doc:att}    住院医师：{doc:res}\n", "\n记录者：{doc:res}  {enc}\n",
          "\n上级医师：{docref:att}\n记录医师：{doc:res}\n", "\n签名：{doc:res}/{doc:att}\n", "\n{doc:res}\n"))


def _zh_hpi(c: ChineseNote) -> None:
    for t in c.some(c.scen["hpi"], 1):
        c.f(t)
    c.fc(("为进一步诊治，于{adm}来我院就诊，门诊以“{dx}”收入{dept}。", "今为求进一步治疗来我院，门诊拟“{dx}”收住入院。",
          "曾于{dpast}在{ofac}就诊，诊断为“{dx}”，予对症治疗后好转。", "{dpre}在{ofac}查{labs}", "急诊以“{dx}”收入院。"))
    c.fc(("病程中，患者精神、食欲、睡眠欠佳，大小便正常，体重无明显变化。", "自发病以来，饮食睡眠可，二便如常。", ""))
    c.w("\n")


def zh_admission(c: ChineseNote) -> None:
    c.inpatient()
    c.adm = c.enc  # written on the day of admission
    c.fc(("入院记录\n", "{fac}\n入院记录\n", "住院病历\n", "{fac}  {dept}\n入 院 记 录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.9, _ZF_SEXAGE), (0.5, ("民族：汉族", "民族：汉", "民族：回族", "民族：满族")),
                   (0.5, ("婚姻：已婚", "婚姻状况：已婚", "婚姻：丧偶", "婚姻：未婚")), (0.6, ("出生地：{birthplace}", "籍贯：{birthplace}")),
                   (0.5, ("职业：{occ}",)), (0.7, _ZF_ADDR), (0.6, _ZF_ID), (0.6, _ZF_PHONE),
                   (0.9, ("入院日期：{adm} {time}", "入院时间：{adm}", "入院日期：{adm}")), (0.6, ("记录日期：{adm}", "记录时间：{adm} {time}")),
                   (0.6, ("病史陈述者：患者本人，可靠", "病史陈述者：{rel}，可靠", "病史叙述者：患者及家属")),
                   (0.7, ("住院号：{zyh}", "住院号:{zyh}", "病案号：{bah}")), (0.6, ("床号：{bed}", "床号：{bed}床")),
                   (0.4, ("联系人：{rel}  电话：{phone:rel}", "紧急联系人：{reln}（{relw}），{mobile:rel}")),
                   (0.25, ("医保卡号：{ybk}", "社保卡号：{ybk}"))], shuffle=True)
    c.head("主诉")
    c.f("{cc}。\n")
    c.head("现病史")
    _zh_hpi(c)
    c.head("既往史")
    c.f("{pmhtext}")
    c.fc(("否认肝炎、结核等传染病史，否认输血史，否认药物及食物过敏史。\n", "青霉素过敏。\n", "否认手术外伤史。\n", "预防接种史不详。\n"))
    if c.chance(0.7):
        c.head("个人史")
        c.fc(("生于{birthplace}，久居{city}，", "出生并长期居住于{city}，", "生于原籍，", ""))
        c.fc(("无吸烟饮酒史。\n", "吸烟30余年，每日约20支，已戒烟5年。\n", "饮酒史20年，每日约白酒100ml。\n", "否认疫区居留史。\n"))
    if c.chance(0.6):
        c.head("婚育史")
        c.fc(("适龄结婚，育有1子1女，配偶体健。\n", "已婚，配偶{reln}体健，育有1子。\n", "配偶已故，子女体健。\n", "未婚未育。\n"))
    if c.chance(0.6):
        c.head("家族史")
        c.fc(("父母已故（具体不详），否认家族遗传病史。\n", "母亲{relage}岁，健在；父亲因脑出血去世。\n", "否认家族性遗传病史。\n",
              "父亲有高血压病史。\n"))
    c.head("体格检查")
    c.f("{vitals}。")
    c.fc(("神志清楚，精神可，查体合作。", "神清，精神差，急性病容。", "发育正常，营养中等。"))
    key = c.scen["key"]
    c.f({"cap": "右下肺可闻及湿性啰音。", "copd": "桶状胸，双肺呼吸音低，可闻及散在哮鸣音。", "hf": "双肺底可闻及湿性啰音。"}.get(
        key, c.pick(("双肺呼吸音清，未闻及干湿性啰音。", "双肺呼吸音清。"))))
    c.f("心率{n:hr}次/分，律齐，各瓣膜听诊区未闻及病理性杂音。" if key != "hf" or c.chance(0.5) else "心律绝对不齐，第一心音强弱不等。")
    c.f({"chole": "右上腹压痛，Murphy征阳性。", "appy": "右下腹麦氏点压痛、反跳痛。", "ugib": "上腹部轻压痛，肠鸣音活跃。"}.get(
        key, c.pick(("腹平软，无压痛及反跳痛。", "腹软，肝脾肋下未触及。"))))
    c.f("双下肢凹陷性水肿。" if key == "hf" else c.pick(("双下肢无水肿。", "")))
    if key in ("stroke", "hipfx", "ldh"):
        c.f({"stroke": "左侧肢体肌力3级，左侧巴氏征阳性。", "hipfx": "右下肢短缩、外旋畸形，右髋部压痛。",
             "ldh": "L4/5棘突旁压痛，左侧直腿抬高试验阳性。"}[key])
    c.w("\n")
    if c.chance(0.8):
        c.head(c.pick(("辅助检查", "实验室及辅助检查")))
        for t in c.some(c.scen["tests"], 1):
            c.f(t)
        c.f("{labs}\n")
    c.head(c.pick(("初步诊断", "入院诊断")))
    c.w("\n" if c.hstyle != 2 else "")
    c.w("1. ", c.s_dx(), "\n")
    for i, p in enumerate(c.some(("高血压病", "2型糖尿病", "高脂血症", "慢性胃炎", "冠心病"), 0, 2), 2):
        c.w(f"{i}. {p}\n")
    _zh_sig(c)


def zh_discharge(c: ChineseNote) -> None:
    c.inpatient()
    c.fc(("出院小结\n", "出院记录\n", "{fac}\n出院小结\n", "{dept}出院小结\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.9, _ZF_SEXAGE), (0.7, ("科室：{dept}", "科别：{dept}")), (0.6, ("床号：{bed}",)),
                   (0.9, ("住院号：{zyh}", "住院号：{zyh}  病案号：{bah}", "病案号：{bah}")),
                   (1.0, ("入院日期：{adm}", "入院时间：{adm}")), (1.0, ("出院日期：{dc}", "出院时间：{dc}")),
                   (0.6, ("住院天数：{los}天",)), (0.3, _ZF_ID), (0.3, _ZF_PHONE)])
    c.head("入院诊断")
    c.f("{dx}\n")
    c.head("出院诊断")
    c.f("{dx}\n")
    c.head(c.pick(("入院情况", "入院时情况")))
    c.fc(("患者{pt}，{sex}，{age}，因“{cc}”入院。", "患者因“{cc}”于{adm}入院。", "{pt}，{age}，主因{cc}入院。"))
    for t in c.some(c.scen["hpi"], 1, 2):
        c.f(t)
    c.f("入院查体：{vitals}。\n")
    c.head("诊疗经过")
    for t in c.some(c.scen["tests"], 1):
        c.f(t)
    for t in c.some(c.scen["tx"], 1):
        c.f(t)
    c.fc(("于{d}复查{labs}", "{dshort}请{ofac}专家会诊，同意目前治疗方案。", "住院期间{rel}陪护。", ""))
    c.w("\n")
    c.head("出院情况")
    c.fc(("患者一般情况可，无明显不适，生命体征平稳。\n", "症状明显缓解，切口愈合良好，予以出院。\n", "病情好转，准予出院。\n"))
    c.head("出院医嘱")
    c.w("\n" if c.hstyle != 2 else "")
    meds = list(c.scen["meds"])
    for i, m in enumerate(meds, 1):
        c.w(f"{i}. {m}\n")
    i = len(meds)
    for t in c.some(("低盐低脂饮食，适当活动，避免劳累。", "{dfu}至{dept}门诊复诊，复查血常规及肝肾功能。", "定期监测血压、血糖。",
                     "如有不适随诊，科室电话：{tel:dept}。", "出院后检查结果将发送至{email}。", "门诊随访：{docref:att}，每周三上午。"), 1, 3):
        i += 1
        c.w(f"{i}. ")
        c.f(t)
        c.w("\n")
    c.fc(("\n主治医师：{doc:att}    住院医师：{doc:res}\n", "\n医师签名：{doc:res}\n{dc}\n", "\n经治医师：{doc:res}  上级医师：{doc:att}\n"))


def zh_outpatient(c: ChineseNote) -> None:
    c.fc(("门诊病历\n", "{fac}门诊病历\n", "门诊记录\n", "{dept}门诊病历\n", "初诊病历\n", "复诊记录\n"))
    _zh_fields(c, [(0.9, ("门诊号：{mzh}", "就诊卡号：{mzh}", "ID号：{mzh}")), (0.95, _ZF_NAME), (0.9, _ZF_SEXAGE),
                   (0.9, ("就诊日期：{enc}", "就诊时间：{enc} {time}", "日期：{enc}")), (0.6, ("科别：{dept}", "科室：{dept}")),
                   (0.4, _ZF_PHONE), (0.2, ("电子邮箱：{email}", "邮箱：{email}")), (0.2, _ZF_ADDR), (0.2, _ZF_ID)],
                   shuffle=True)
    c.head("主诉")
    c.f("{cc}。\n")
    c.head("现病史")
    for t in c.some(c.scen["hpi"], 1):
        c.f(t)
    c.fc(("今来我院门诊就诊。", "曾在{ofac}就诊，效果不佳。", "{dshort}自行服药，症状无缓解。", ""))
    c.w("\n")
    if c.chance(0.7):
        c.head("既往史")
        c.f("{pmhtext}\n")
    if c.chance(0.5):
        c.head("过敏史")
        c.w(c.pick(("否认药物过敏史。", "青霉素过敏。", "磺胺类药物过敏。", "无。")), "\n")
    c.head(c.pick(("体格检查", "查体")))
    c.f("{vitals}。")
    c.w(c.pick(("咽部充血。", "心肺听诊无明显异常。", "腹软，无压痛。", "神清语利。")), "\n")
    if c.chance(0.6):
        c.head("辅助检查")
        c.f(c.pick(c.scen["tests"]))
        c.w("\n")
    c.head(c.pick(("诊断", "初步诊断", "印象")))
    c.f("{dx}\n")
    c.head(c.pick(("处理", "处置", "治疗意见", "医嘱")))
    c.w("\n" if c.hstyle != 2 else "")
    for m in c.scen["meds"] or ("对症处理",):
        c.w(f"Rp：{m}\n" if c.chance(0.3) else f"{m}\n")
    c.fc(("{dfu}复诊。\n", "不适随诊。\n", "1周后复查。\n", "建议住院治疗，患者及家属{reln}表示考虑。\n"))
    c.fc(("医师：{doc:att}\n", "医生签名：{doc:att}\n", "接诊医师：{doc:att}  {enc}\n"))


def zh_progress(c: ChineseNote) -> None:
    c.inpatient()
    if c.chance(0.6):
        c.fc(("病程记录\n", "{dept}病程记录\n"))
        _zh_fields(c, [(0.9, _ZF_NAME), (0.6, ("住院号：{zyh}",)), (0.6, ("床号：{bed}",))])
    c.f("{adm} {time}  ")
    c.w(c.pick(("首次病程记录", "首次病程记录", "入院首次病程")), "\n")
    c.fc(("患者{ptname}，{sex}，{age}，因“{cc}”于{adm}入院。", "{pt}，{sex}，{age}，主因“{cc}”入院。"))
    c.w("\n")
    c.w(c.pick(("病例特点：", "一、病例特点：")), "\n")
    c.w("1. ", c.pick(("老年男性，急性起病。" if c.male else "老年女性，急性起病。", "慢性病程，急性加重。", "起病急，病程短。")), "\n")
    c.w("2. ")
    for t in c.some(c.scen["hpi"], 1, 2):
        c.f(t)
    c.w("\n3. ")
    c.f("{vitals}。\n")
    c.w(c.pick(("拟诊讨论：", "诊断依据及鉴别诊断：", "初步诊断：")))
    c.f("{dx}。\n")
    c.w(c.pick(("诊疗计划：", "二、诊疗计划：")))
    c.f("完善相关检查；{tx}\n")
    span_days = max(1, (c.enc - c.adm).days)
    for off in sorted(c.r.sample(range(1, span_days + 1), min(span_days, c.r.randint(1, 4)))):
        c.w("\n")
        c.w(c._d(shift_days(c.adm, off), full=False), " ", c.s_time(), "  ")
        c.w(c.pick(("日常病程记录", "主治医师查房记录", "主任医师查房记录", "病程记录", "术后第1天病程记录")), "\n")
        c.fc(("今日{docref:att}查房，", "患者诉", "患者一般情况可，", "{docref:att}查房后指示："))
        c.fc(("症状较前好转，", "仍有轻度不适，", "夜间睡眠差，", "无发热，"))
        c.fc(("{labs}", "复查{labs}", "继续目前治疗。", "{tx}", "已与{rel}沟通病情，表示理解。", "家属{reln}（电话{mobile:rel}）要求暂缓手术。"))
        c.w("\n")
        c.fc(("记录者：{doc:res}\n", "{doc:res}/{doc:att}\n", "医师签名：{doc:res}\n", ""))


def zh_dialogue(c: ChineseNote) -> None:
    doc_lbl, pt_lbl = c.pick((("医生：", "患者："), ("医生:", "患者:"), ("【医生】", "【患者】"), ("医生：", "病人："), ("大夫：", "患者：")))
    fam_lbl = doc_lbl.replace("医生", "家属").replace("大夫", "家属")
    lines: list[tuple[str, str]] = []
    if c.chance(0.3):
        c.fc(("{dept}门诊  {enc}\n", "问诊记录 {enc} {time}\n", "线上问诊（{fac}互联网医院）\n"))
    lines.append((doc_lbl, c.pick(("您好，请问哪里不舒服？", "你好，怎么了？", "请坐，今天来看什么问题？", "您好，我是{docref:att}，您哪里不舒服？"))))
    lines.append((pt_lbl, c.pick(("医生，我{cc}。", "我最近{cc}，挺难受的。", "就是{cc}，想来看看。"))))
    pool = [
        ((doc_lbl, "请问您叫什么名字？"), (pt_lbl, "我叫{ptname}。")),
        ((doc_lbl, "您多大年纪了？"), (pt_lbl, "今年{agen}了。")),
        ((doc_lbl, "多大岁数？"), (pt_lbl, "{age}。")),
        ((doc_lbl, "留个联系电话吧。"), (pt_lbl, "{mobile}。")),
        ((doc_lbl, "身份证号报一下，我登记一下。"), (pt_lbl, "{idno}。")),
        ((doc_lbl, "您住在哪里？"), (pt_lbl, "我住{addr}。")),
        ((doc_lbl, "您是本地人吗？"), (pt_lbl, "不是，老家是{birthplace}的，来{city}十几年了。")),
        ((doc_lbl, "什么时候开始的？"), (pt_lbl, "{dshort}开始的，到现在{dur}了。")),
        ((doc_lbl, "之前去别的医院看过吗？"), (pt_lbl, "{dpast}在{ofac}看过，说是{dx}。")),
        ((doc_lbl, "有什么基础病吗？"), (pt_lbl, "有高血压，吃着硝苯地平，一天一片。")),
        ((doc_lbl, "对什么药物过敏吗？"), (pt_lbl, "青霉素过敏。")),
        ((doc_lbl, "平时抽烟喝酒吗？"), (pt_lbl, "烟抽了三十多年，去年戒了。" if c.age > 50 else "不抽烟，偶尔喝点啤酒。")),
        ((doc_lbl, "检查报告我发您邮箱，邮箱是多少？"), (pt_lbl, "{email}。")),
        ((doc_lbl, "住院号多少？我查一下上次的结果。"), (pt_lbl, "住院号是{zyh}。")),
        ((fam_lbl, "医生，我是{ta}{relw}，叫{reln}，有事打我电话{mobile:rel}。"), (doc_lbl, "好的，我记一下。")),
        ((fam_lbl, "病人今年{age}了，这个手术能做吗？"), (doc_lbl, "年纪大了风险会高一些，我们先评估一下心肺功能。")),
        ((doc_lbl, "上次是哪位医生给您看的？"), (pt_lbl, "是{docref:cons}。")),
        ((doc_lbl, "有没有发热？"), (pt_lbl, "前两天有点低烧，37度8左右。")),
        ((doc_lbl, "血压量过吗？"), (pt_lbl, "早上量的150/95。")),
        ((doc_lbl, "吃饭、睡觉怎么样？"), (pt_lbl, "吃得少，晚上睡不好。")),
    ]
    for pair in c.some(pool, 3, 8):
        lines.extend(pair)
    lines.append((doc_lbl, c.pick(("考虑是{dx}，先查个{test}。", "根据您的情况，考虑{dx}，建议住院治疗。", "问题不大，按时吃药，{dfu}来复查。",
                                   "先开点药：{med}，一周后复诊。"))))
    lines.append((pt_lbl, c.pick(("好的，谢谢医生。", "需要住院吗？", "好，听您的。", "谢谢{docref:att}。"))))
    if c.chance(0.3):
        lines.append((doc_lbl, c.pick(("不客气，有问题随时打科室电话{tel:dept}。", "去一楼缴费，然后到{fac}三楼做检查。"))))
    for spk, t in lines:
        c.w(spk)
        c.f(t)
        c.w("\n")


def zh_exam(c: ChineseNote) -> None:
    exam = c.pick(_ZH_EXAMS)
    c.fc(("{fac}\n" + exam[0] + "报告单\n", exam[0] + "检查报告\n", "{fac}医学影像科\n诊断报告\n", exam[0] + "报告\n"))
    _zh_fields(c, [(0.9, ("检查号：{jch}", "影像号：{jch}", "检查编号：{jch}")), (1.0, _ZF_NAME), (0.9, _ZF_SEXAGE),
                   (0.6, ("科室：{dept}", "申请科室：{dept}")), (0.5, ("床号：{bed}", "住院号：{zyh}", "门诊号：{mzh}")),
                   (0.6, ("申请医师：{doc:ref}",)), (0.9, ("检查日期：{enc}", "检查时间：{enc} {time}")),
                   (0.7, ("检查部位：" + exam[1], "检查项目：" + exam[1]))], shuffle=True)
    c.head(c.pick(("检查所见", "影像所见", "超声所见", "检查描述")))
    c.w("\n" if c.hstyle != 2 else "")
    for t in c.some(exam[2], 2):
        c.f(t)
    c.w("\n")
    c.head(c.pick(("诊断意见", "影像诊断", "超声提示", "印象")))
    c.w("\n" if c.hstyle != 2 else "")
    for i, t in enumerate(c.some(exam[3], 1), 1):
        c.w(f"{i}. {t}\n")
    if c.chance(0.4):
        c.fc(("对比{dpast}片：病灶较前缩小。\n", "建议结合临床，必要时复查。\n", "危急值已电话通知{docref:ref}（{time}）。\n"))
    c.fc(("报告医师：{doc:rad}  审核医师：{doc:rad2}\n", "报告医生：{doc:rad}\n报告日期：{enc}\n", "诊断医师：{doc:rad}  {enc} {time}\n"))


_ZH_EXAMS = (
    ("CT", "胸部CT平扫", ("双肺纹理增多。", "右肺下叶可见片状高密度影，边界模糊。", "纵隔未见肿大淋巴结。", "双侧胸腔未见积液。",
                         "左肺上叶见一直径约{n:mm}mm磨玻璃结节。"),
     ("右肺下叶炎症。", "左肺上叶磨玻璃结节，建议6个月后复查。", "双肺未见明显实质性病变。")),
    ("超声", "腹部彩超（肝胆胰脾）", ("肝脏大小形态正常，实质回声均匀。", "胆囊大小约90×40mm，壁毛糙，腔内可见多个强回声，后伴声影。",
                              "胰腺显示不清。", "脾脏不大。"), ("胆囊结石。", "胆囊炎。", "肝胰脾未见明显异常。")),
    ("MRI", "头颅MRI平扫+DWI", ("右侧基底节区见斑片状长T1长T2信号，DWI呈高信号。", "双侧脑室旁白质散在斑点状长T2信号。", "中线结构居中。"),
     ("右侧基底节区急性脑梗死。", "脑白质变性。")),
    ("DR", "胸部正位片", ("两肺纹理增粗。", "心影增大，心胸比约0.58。", "双侧肋膈角变钝。"), ("心影增大。", "双侧少量胸腔积液。")),
    ("超声", "心脏彩超", ("左房内径{n:la}mm。", "左室射血分数{n:ef}%。", "二尖瓣轻度反流。", "室壁节段性运动异常。"),
     ("左心功能减低。", "二尖瓣轻度关闭不全。")),
    ("CT", "腰椎CT", ("L4/5椎间盘向左后突出，相应硬膜囊受压。", "腰椎骨质增生。", "L5/S1椎间盘膨出。"), ("L4/5椎间盘突出。", "腰椎退行性变。")),
    ("内镜", "电子胃镜", ("食管黏膜光滑。", "胃窦黏膜充血水肿，散在糜烂。", "十二指肠球部前壁见一约0.8cm溃疡，覆白苔。"),
     ("慢性非萎缩性胃炎伴糜烂。", "十二指肠球部溃疡（A1期）。")),
)


def zh_operation(c: ChineseNote) -> None:
    c.inpatient()
    op = c.pick(_ZH_OPS)
    c.fc(("手术记录\n", "{fac}\n手术记录\n", op[5] + "手术记录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.8, _ZF_SEXAGE), (0.8, ("住院号：{zyh}",)), (0.5, ("床号：{bed}",)),
                   (1.0, ("手术日期：{d}", "手术时间：{d} {time}"))])
    for k, v in (("术前诊断", op[1]), ("术后诊断", op[1] if c.chance(0.7) else "同术前"), ("手术名称", op[0])):
        c.head(k)
        c.w(v, "\n")
    c.head("手术者")
    c.f("{doc:surg}\n")
    c.head(c.pick(("助手", "一助")))
    c.f("{doc:res}\n")
    c.head("麻醉方式")
    c.w(op[2], "\n")
    if c.chance(0.6):
        c.head("麻醉医师")
        c.f("{doc:anes}\n")
    c.head(c.pick(("手术经过", "手术步骤", "手术经过及术中所见")))
    c.w("\n" if c.hstyle != 2 else "")
    c.w("".join(c.some(op[3], 3)), "\n")
    if op[4] and c.chance(0.8):
        c.head("植入物")
        c.w(op[4])
        c.f(c.pick(("，序列号：{sn}", "，批号：{sn}", "（条码{sn}）")))
        c.w("\n")
    c.f("术中出血约{n:ebl}ml，术毕安返病房。\n")
    c.fc(("术后向{rel}交代病情及注意事项。\n", "标本已送病理。\n", ""))
    c.fc(("\n主刀医师：{doc:surg}  记录者：{doc:res}\n", "\n手术医师签名：{doc:surg}\n"))


_ZH_OPS = (
    ("腹腔镜胆囊切除术", "胆囊结石伴慢性胆囊炎", "全身麻醉", ("麻醉成功后，患者取仰卧位，常规消毒铺巾。", "于脐下缘切开约1cm，建立气腹。",
                                           "分别于剑突下及右肋缘下置入Trocar。", "解剖胆囊三角，分离出胆囊管及胆囊动脉，分别夹闭后离断。",
                                           "顺行切除胆囊，胆囊床电凝止血。", "取出胆囊，清点器械纱布无误后关闭切口。"), None, "肝胆外科"),
    ("腹腔镜阑尾切除术", "急性化脓性阑尾炎", "全身麻醉", ("麻醉满意后取仰卧位。", "建立气腹，探查见阑尾充血水肿，表面有脓苔。",
                                         "分离阑尾系膜，结扎阑尾根部后切除。", "冲洗腹腔，清点器械无误后缝合切口。"), None, "胃肠外科"),
    ("右侧人工股骨头置换术", "右股骨颈骨折", "腰硬联合麻醉", ("取左侧卧位，取右髋后外侧切口。", "逐层切开，显露关节囊并切开。",
                                             "截断股骨颈，取出股骨头。", "扩髓后置入假体柄及股骨头，复位后活动良好。", "逐层缝合。"),
     "人工股骨头假体", "骨科"),
    ("经皮冠状动脉介入治疗（PCI）", "冠状动脉粥样硬化性心脏病", "局部麻醉", ("穿刺右侧桡动脉，置入6F鞘管。", "造影示前降支近段狭窄85%。",
                                                     "导丝通过病变，球囊预扩张后植入支架1枚。", "复查造影无残余狭窄，TIMI血流3级。"),
     "药物洗脱支架", "心内科"),
    ("双腔永久起搏器植入术", "三度房室传导阻滞", "局部麻醉", ("左锁骨下区消毒铺巾，局麻后切开皮肤，制作囊袋。", "穿刺左锁骨下静脉，分别置入心房、心室电极。",
                                              "测试参数满意后连接脉冲发生器，置入囊袋。", "逐层缝合。"), "双腔起搏器", "心内科"),
    ("经皮椎间孔镜下髓核摘除术", "腰椎间盘突出症（L4/5）", "局部麻醉", ("俯卧位，C臂透视定位L4/5间隙。", "逐级扩张后置入工作套管。",
                                                  "镜下摘除突出髓核组织，神经根松解良好。", "缝合切口。"), None, "脊柱外科"),
)


def zh_consult(c: ChineseNote) -> None:
    c.inpatient()
    c.fc(("会诊记录\n", "会诊申请单\n", "{fac}会诊记录\n", "院外会诊记录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.8, _ZF_SEXAGE), (0.8, ("住院号：{zyh}",)), (0.6, ("床号：{bed}",)),
                   (0.8, ("申请科室：{dept}",)), (0.8, ("申请医师：{doc:res}", "申请医生：{docref:res}")),
                   (0.8, ("申请日期：{dcons}", "申请时间：{dcons} {time}"))])
    c.head(c.pick(("病情摘要", "简要病史", "病史摘要")))
    c.fc(("患者{pt}，{sex}，{age}，因“{cc}”于{adm}入院。", "{ptname}，{age}，诊断{dx}。"))
    c.f("{pmhtext}")
    c.f(c.pick(c.scen["tests"]))
    c.w("\n")
    c.head(c.pick(("会诊目的", "会诊原因")))
    c.w(c.pick(("协助诊治。", "评估手术风险。", "患者血糖控制不佳，请协助调整降糖方案。", "患者既往冠心病，拟行手术，请评估心脏情况。")), "\n")
    c.head("会诊意见")
    c.fc(("同意目前诊断。", "考虑{dx}。", "患者高龄，手术风险较高。"))
    c.fc(("建议完善心脏彩超及动态心电图。", "建议加用甘精胰岛素10U睡前皮下注射。", "可耐受手术，围术期注意监测血压。", "建议转我科进一步治疗。"))
    c.w("\n")
    c.fc(("会诊医师：{doc:cons}（{ofac}）  {dcons}\n", "会诊医生：{docref:cons}  {dcons} {time}\n", "会诊科室：心内科  会诊医师：{doc:cons}\n"))
