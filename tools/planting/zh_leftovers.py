"""Chinese leftover checks: names with titles, places and facilities a source text still carries."""

from __future__ import annotations

import re

from planting.edits import mask_spans
from planting.zh_fake import HANZI, ZH_COMPOUND_SURNAMES, ZH_DATE_AMBIG_RE, zh_dates, zh_lists


_ZH_TITLES = "医生|大夫|主任|教授|老师|护士长|护士|院长|医师|博士|先生|女士|小姐|阿姨|叔叔|奶奶|爷爷|大爷|大妈"
_ZH_TITLE_PRO = "副主任医师|主任医师|主治医师|住院医师|医师|医生|大夫|主任|教授|护士"
# Surname characters that are also common function words: "X医生" with one of these is not decided.
# Surname characters that are far more often function words or word parts ("那医生", "和医生说", "主任"):
# next to a title they are read as not-a-name.
_ZH_WORDLIKE = set("和那但由可能就都也还再又只才给让找问看请对跟同与及或而把被将从在是有没不要会说的了过等上下中内外前后"
                   "里新老小大多少全第每各某其这该此您你我他她们个些成开关经管主副学医生院科室门急诊护病患者家亲人况边区当位名号"
                   "点次现正真太很最先并却虽如若因所然则且以为之乃姐哥弟妹爸妈叔姨奶爷好来")
# Surname characters where both readings are common ("谢医生解答" = thanks, doctor / Dr Xie): undecidable.
_ZH_AMBIG = set("于向常时查安花水云风谢")
# Two characters that form an ordinary word ending in a surname character ("治疗医生", "明白医生").
_ZH_NONNAME_BIGRAMS = {"谢谢", "感谢", "多谢", "主任", "责任", "当时", "检查", "情况", "后来", "这边", "那边", "主管", "接诊",
                       "辅诊", "面诊", "咨询", "主治", "值班", "首诊", "经治", "专科", "儿科", "内科", "外科", "西医", "中医",
                       "兽医", "校医", "军医", "村医", "牙医", "名医", "你好", "您好", "问好", "看过", "家庭", "社区", "乡村",
                       "门诊", "急诊", "住院", "其他", "别的", "一个", "这个", "那个", "哪个", "每个", "各位", "请问", "麻烦",
                       "辛苦", "告诉", "希望", "明白", "主诊", "实习", "进修", "年轻", "老年", "男性", "女性", "保健", "专家",
                       "顾问", "管床", "护理", "助理", "康复", "营养", "心理", "眼科", "骨科", "皮肤", "口腔", "麻醉", "放射",
                       "影像", "超声", "检验", "病理", "药房", "护工", "保姆", "邻居", "同事", "朋友", "亲戚", "老公", "老婆",
                       "孩子", "宝宝", "上级", "下级", "老家", "两位", "几位", "多位", "某位", "好的", "的话", "时候", "开始",
                       "首席", "资深", "知名", "著名", "专业", "治疗", "诊治", "坐诊", "出诊", "接待", "负责", "指导", "包括"}
_ZH_NONNAME_PHRASES = ("好大夫", "好医生", "主任医师", "副主任", "主治医生", "住院医生", "院长")
_ZH_NAME_BOUNDARY = ("，", "。", "！", "？", "、", "：", ":", "；", ";", "（", "(", "“", "\"", " ", "\n", "!", "?", ",", ".",
                     "是", "找", "谢谢", "感谢", "多谢", "问", "请", "了", "给", "跟", "向", "让", "听", "称", "叫", "位",
                     "挂", "约", "您", "你", "啦", "呀", "啊", "哦", "嗯", "的", "麻烦", "辛苦", "问一下", "您好", "你好")
_ZH_GIVEN_STOP = set("的了是我你他她们也都就还和跟给让对在这那个些么吗呢吧啊呀哦嗯好谢请问说看找去来到说讲开议需要该"
                     "医生大夫主任院长护士老师教授师科室号床病患者家长妈爸宝孩子您苦烦望白诉色烧咳呕格哈")
_ZH_COMMON_WORDS = ("辛苦", "麻烦", "谢谢", "感谢", "希望", "请问", "多谢", "拜托", "打扰", "明白", "告诉", "还是", "就是",
                    "但是", "所以", "因为", "如果", "需要", "建议", "咨询", "应该", "可以", "没有", "现在", "今天", "昨天",
                    "明天", "已经", "一直", "只是", "高烧", "干咳", "黄色", "严格", "干呕", "蒙脱", "阿斯", "易坦", "冷不")


def zh_title_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of name mentions next to titles; kind "name" (bounded, to replace) or "ambiguous"."""
    L = zh_lists()
    out: list[tuple[int, int, str]] = []

    def boundary_before(pos: int) -> bool:
        return pos == 0 or any(text.endswith(b, 0, pos) for b in _ZH_NAME_BOUNDARY)

    def full_ok(sur: str, g: str) -> bool:
        return (sur in L.surname_set and sur not in _ZH_WORDLIKE and sur not in _ZH_AMBIG
                and all(c not in _ZH_GIVEN_STOP and "\u4e00" <= c <= "\u9fff" for c in g)
                and not any((sur + g).startswith(w) for w in _ZH_COMMON_WORDS))

    comp = "|".join(ZH_COMPOUND_SURNAMES)
    # title before a 2-3 character full name: "主治医师张姣姣，", "预约医生： 李田" (not the "医生：" speaker labels)
    title_then_name = re.compile(rf"(?:(?:{_ZH_TITLE_PRO})[：:][ \t]*|(?:副主任医师|主任医师|主治医师|住院医师|医师|护士))"
                                 rf"(?P<n>(?P<s>{comp}|[{HANZI}])(?P<g>[{HANZI}]{{1,2}}))(?=[，,。.！!？?\s）)、；;]|$)")
    for m in title_then_name.finditer(text):
        if m.start() == 0 or text[m.start() - 1] == "\n":
            continue
        if full_ok(m.group("s"), m.group("g")):
            out.append((m.start("n"), m.end("n"), "name"))
    # full name before a title: "了任泽鹏医生"
    for m in re.finditer(rf"(?P<n>(?P<s>{comp}|[{HANZI}])(?P<g>[{HANZI}]{{1,2}}?))(?:{_ZH_TITLE_PRO})", text):
        if (full_ok(m.group("s"), m.group("g")) and boundary_before(m.start("n"))
                and not any(x.startswith(m.group("n")) for x in _ZH_NONNAME_PHRASES)):
            out.append((m.start("n"), m.end("n"), "name"))
    # surname right before a title: "马医生", "王阿姨"
    for m in re.finditer(rf"(?P<s>{comp}|[{HANZI}])(?:{_ZH_TITLES})", text):
        s, e = m.span("s")
        sur = m.group("s")
        if any(a <= s < b for a, b, _ in out) or sur not in L.surname_set or sur in _ZH_WORDLIKE:
            continue
        prev = text[s - 1] if s > 0 else ""
        if any(text.startswith(p, s) for p in _ZH_NONNAME_PHRASES) or prev + sur in _ZH_NONNAME_BIGRAMS:
            continue
        if boundary_before(s):
            out.append((s, e, "ambiguous" if sur in _ZH_AMBIG else "name"))
        else:
            out.append((s, e, "ambiguous"))
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, k in out:
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (min(ps, s), max(pe, e), "ambiguous" if "ambiguous" in (pk, k) else "name")
        else:
            merged.append((s, e, k))
    return merged


# ---- Chinese places and facilities --------------------------------------------------------------

_ZH_EXTRA_CITIES = ("淮安", "东莞", "平湖", "怀化", "包头", "洛阳", "莆田", "营口", "三亚", "陇南", "苏州", "无锡", "常州",
                    "徐州", "南通", "扬州", "温州", "宁波", "绍兴", "嘉兴", "金华", "台州", "湖州", "厦门", "泉州", "漳州",
                    "青岛", "烟台", "潍坊", "临沂", "淄博", "济宁", "大连", "鞍山", "吉林", "保定", "唐山", "廊坊", "沧州",
                    "邢台", "衡水", "大同", "呼伦贝尔", "赤峰", "开封", "新乡", "南阳", "信阳", "商丘", "周口", "驻马店",
                    "宜昌", "襄阳", "十堰", "黄冈", "孝感", "荆州", "岳阳", "常德", "株洲", "湘潭", "衡阳", "郴州", "邵阳",
                    "赣州", "九江", "上饶", "宜春", "珠海", "汕头", "湛江", "江门", "肇庆", "中山", "清远", "揭阳", "桂林",
                    "北海", "绵阳", "德阳", "宜宾", "泸州", "南充", "遵义", "曲靖", "大理", "咸阳", "宝鸡", "延安", "汉中",
                    "榆林", "天水", "酒泉", "西宁", "银川", "喀什", "伊犁", "芜湖", "蚌埠", "阜阳", "安庆", "滁州", "宿州",
                    "亳州", "黄山", "威海", "日照", "德州", "聊城", "滨州", "菏泽", "枣庄", "东营", "泰安", "盐城", "连云港",
                    "宿迁", "泰州", "镇江", "丽水", "衢州", "舟山", "龙岩", "三明", "南平", "漳州", "武汉", "深圳", "佛山")
_ZH_FAMOUS_HOSP = ("协和", "华西", "湘雅", "同济", "瑞金", "华山", "鼓楼", "齐鲁", "西京", "天坛", "宣武", "安贞", "阜外",
                   "积水潭", "中日友好", "北大", "北医", "复旦", "中山大学", "浙大", "川大", "新华", "仁济", "长海", "长征",
                   "南方医", "儿研所", "301", "解放军")
_ZH_FAC_SUFFIX = r"(?:医院|卫生院|保健院|诊所|卫生服务中心|医学中心|医疗中心|附院|总院|儿研所|[一二三四五六七八九十]院)"
_ZH_PLACE_STOP = {"当地", "本地", "外地", "老家", "城里", "乡下", "附近", "就近", "我们", "你们", "他们", "咱们", "这边",
                  "那边", "超市", "城市", "上市", "门市", "夜市", "都市", "早市", "股市", "楼市", "黑市", "菜市", "社区",
                  "小区", "地区", "疫区", "郊区", "市区", "城区", "辖区", "景区", "园区", "校区", "病区", "隔离区", "重灾区",
                  "高发区", "风险区", "所在", "全国", "全省", "全市", "本市", "本省", "外省", "该市", "各地", "各省", "各市",
                  "省市", "县市", "省级", "市级", "县级", "区级"}
_ZH_LEAD_STRIP = set("去到在从回于是我你他她的了和跟找送转住来上进往赴至由经自及与或过触为离、等")
_ZH_PLACE_SUFFIX_STOP = {"地级", "县级", "市级", "目前", "城市", "超市", "上市", "门市", "夜市", "都市", "早市", "股市", "楼市",
                         "黑市", "菜市", "本市", "全市", "该市", "我市", "外县", "本县", "全县", "各县", "老家", "省会", "直辖",
                         "县城", "当地", "本地", "外地", "各个", "哪个", "这个", "那个", "一个", "两个", "附近", "周边"}


# Words that start with a city name but are not places (drugs, idioms, food, "Beijing time").
_ZH_GAZ_FALSE = ("长春新碱", "长春瑞滨", "长春地辛", "长春碱", "长春花", "中山装", "大同小异", "香港脚", "北京时间", "上海青",
                 "北京烤鸭", "兰州拉面", "沙县小吃", "重庆火锅", "天津饭", "海门螺")


def _zh_provinces_bare() -> set[str]:
    return {p.removesuffix("省").removesuffix("市").removesuffix("特别行政区").removesuffix("自治区").removesuffix("壮族")
            .removesuffix("回族").removesuffix("维吾尔") for p in zh_lists().provinces} - {""}


_GAZ_CACHE: dict[str, re.Pattern] = {}


def gazetteer_re(with_provinces: bool = True) -> re.Pattern:
    """Place names: cities (faker zh_CN + a list of prefecture cities), and provinces when asked."""
    key = "places" if with_provinces else "cities"
    p = _GAZ_CACHE.get(key)
    if p is None:
        names = set(zh_lists().cities) | set(_ZH_EXTRA_CITIES)
        if with_provinces:
            names |= _zh_provinces_bare()
        p = _GAZ_CACHE[key] = re.compile("(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")")
    return p


_ZH_FOREIGN_CITIES = ("东京", "大阪", "首尔", "釜山", "纽约", "伦敦", "巴黎", "洛杉矶", "旧金山", "悉尼", "墨尔本", "多伦多",
                      "温哥华", "曼谷", "吉隆坡", "米兰", "罗马", "柏林", "莫斯科", "迪拜", "芝加哥", "波士顿", "西雅图",
                      "休斯顿", "费城", "华盛顿", "马德里", "巴塞罗那", "法兰克福", "慕尼黑", "阿姆斯特丹", "奥克兰", "雅加达",
                      "马尼拉", "胡志明市", "河内", "仁川", "名古屋", "横滨", "京都", "札幌", "福冈", "布里斯班", "卡尔加里")


def _zh_place_ok_before(text: str, s: int) -> bool:
    """A place name may start at s: text start, punctuation, a function character, or right after a province/city."""
    if s == 0 or not ("\u4e00" <= text[s - 1] <= "\u9fff") or text[s - 1] in _ZH_LEAD_STRIP or text[s - 1] in "省市区县":
        return True
    head = text[max(0, s - 8):s]
    return any(head.endswith(p) for p in _zh_provinces_bare() | set(zh_lists().cities) | set(_ZH_EXTRA_CITIES))


def zh_city_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of city names: kind "city" (replaceable, "市" included), or "ambiguous" (inside a word).

    Gazetteer cities, and any two-character name followed by 市/县 ("丹东市", "宽甸县").
    """
    out = []
    for m in re.finditer("|".join(_ZH_FOREIGN_CITIES), text):
        out.append((m.start(), m.end(), "foreign"))
    for m in re.finditer(rf"([{HANZI}]{{2}})(市|县)(?![城里级场委民内外区长])", text):
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        s, e = m.span()
        if m.group(1) in _ZH_PLACE_SUFFIX_STOP or gazetteer_re(False).fullmatch(m.group(1)):
            continue
        out.append((s, e, "city" if _zh_place_ok_before(text, s) else "ambiguous"))
    for m in gazetteer_re(False).finditer(text):
        s, e = m.span()
        nxt = text[e:e + 2]
        if any(text.startswith(f, s) for f in _ZH_GAZ_FALSE) or nxt[:1] == "省" or re.match(r"路|街|大道|大学|医科|理工|师范|交通", nxt):
            continue
        if any(a <= s < b for a, b, _ in out):
            continue
        if not _zh_place_ok_before(text, s):
            out.append((s, e, "ambiguous"))
            continue
        e += 1 if nxt[:1] == "市" else 0
        dm = re.match(rf"[{HANZI}]{{2,3}}(?:区|县)", text[e:e + 4])
        if dm and dm.group(0)[:2] not in _ZH_DISTRICT_STOP:
            e += dm.end()
        out.append((s, e, "city"))
    # a district right after a masked/planted place: "##吴中区"
    for m in re.finditer(rf"(?<=[\0])([{HANZI}]{{2,3}})区", text):
        if m.group(1)[:2] not in _ZH_DISTRICT_STOP:
            out.append((m.start(), m.end(), "ambiguous"))
    return sorted(out)


_ZH_DISTRICT_STOP = {"疫区", "小区", "社区", "地区", "市区", "城区", "郊区", "院区", "病区", "景区", "园区", "校区", "附近",
                     "周边", "那边", "这边", "以外", "一带"}


def zh_named_facilities(text: str) -> list[tuple[int, int]]:
    """Facility names the patterns can bound: a place or a famous name, then up to 10 characters, then 医院 etc."""
    gaz = gazetteer_re().pattern
    famous = "|".join(map(re.escape, _ZH_FAMOUS_HOSP))
    out: list[tuple[int, int]] = []
    pat = re.compile(rf"(?:{gaz}|{famous}|[{HANZI}]{{2,3}}(?:省|市|县|区|州|镇))(?:[{HANZI}\d]{{0,12}}?){_ZH_FAC_SUFFIX}")
    for m in pat.finditer(text):
        s, e = m.span()
        while s < e - 2 and text[s] in _ZH_LEAD_STRIP:
            s += 1
        head = text[s:s + 4]
        if any(head.startswith(w) for w in _ZH_PLACE_STOP):
            continue
        out.append((s, e))
    return out


def _zh_facility_leftovers(t: str) -> list[str]:
    """Facility mentions outside the gold spans that look named (so the text is skipped)."""
    found = []
    gaz = gazetteer_re()
    for m in re.finditer(rf"{_ZH_FAC_SUFFIX}|(?<=[{HANZI}\0])[一二三四五六七八九十]院|\d+医院|院区", t):
        before = t[max(0, m.start() - 10):m.start()]
        run = re.search(rf"[{HANZI}\d]*$", before).group(0)
        if m.group(0) == "院区":
            if re.search(rf"[{HANZI}]{{2}}$", before) and not before.endswith(("医院", "本院", "我院", "两个", "哪个", "这个")):
                found.append("hospital campus: " + run + m.group(0))
        elif m.group(0)[0] in "一二三四五六七八九十" or m.group(0)[0].isdigit():
            found.append("numbered hospital: " + run + m.group(0))
        elif (gaz.search(run) or any(f in run for f in _ZH_FAMOUS_HOSP) or any(d in run for d in zh_lists().districts)
              or re.search(r"大学|学院|医科|附属|人民|中心|第[一二三四五六七八九十]|[一二三四五六七八九十\d]$", run)):
            found.append("named hospital: " + run + m.group(0))
        else:
            pm = re.search(rf"([{HANZI}]{{2}})(?:省|市|县|区|州|镇)", run)
            if pm and pm.group(1) not in _ZH_PLACE_STOP and not any(pm.group(1).endswith(w[:1]) and w in run for w in _ZH_PLACE_STOP):
                found.append("place hospital: " + run + m.group(0))
    return found


def find_zh_leftovers(text: str, spans) -> list[str]:
    t = mask_spans(text, spans)
    found = []
    for s, e, k in zh_title_names(t):
        found.append(f"title name ({k}): " + t[max(0, s - 3):e + 3])
    found += _zh_facility_leftovers(t)
    for s, e, k in zh_city_mentions(t):
        found.append(f"city ({k}): " + t[max(0, s - 2):e + 2])
    for s, e, kind, _ in zh_dates(t):
        found.append(f"date({kind}): " + t[s:e])
    for m in ZH_DATE_AMBIG_RE.finditer(t):
        found.append("date-like: " + m.group(0))
    for m in re.finditer(r"(?<![\d.])(?:9\d|1[01]\d)(?:多)?(?:岁|周岁)", t):
        found.append("age90: " + m.group(0))
    for m in re.finditer(r"\d{7,}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}|[\w.+-]+@[\w-]+\.\w+|https?://|www\.|\.com|\.cn", t):
        found.append("number/contact: " + m.group(0))
    for m in re.finditer(rf"[{HANZI}]{{1,8}}(?:路|街|大道|巷|胡同|大街)\d+号|\d+(?:号楼|栋|单元|幢)|\d{{3,4}}室", t):
        found.append("address: " + m.group(0))
    for m in re.finditer(r"\*{2,}|[Xx×＊]{2,}|某某", t):
        found.append("mask: " + m.group(0))
    return found
