"""Chinese PHI recognizers: pattern, context and name-list rules for Chinese clinical text.

``detect(text)`` finds personal identifiers in 入院记录, 出院小结, 门诊病历, 病程记录, consult notes
and doctor-patient dialogues (mixed Chinese/English too) and returns sorted, non-overlapping
``PhiSpan`` s. Each recognizer has a short stable name (``zh.id_card``, ``zh.name.title``, ...) so
reviewers can see per-recognizer counts.

How each category is found
--------------------------
* Numbers with a keyword (住院号：, 医保卡号：, 身份证号：, 批号：...): the keyword decides the label,
  only the value is a span. 18-digit 身份证号 are also found bare when the ISO 7064 MOD 11-2 check
  digit and the birth date are valid; mobile and landline numbers, e-mail, URL, IPv4 and Chinese
  licence plates by their shape.
* DATE: year-month-day in Chinese and numeric forms, month-day, year-month; never a year alone, a
  duration (3天, 3月前) or a clock time. AGE: only ages of 90 or more, only the number.
* NAME: a surname (single, compound, or a Tibetan name head) plus one or two given-name characters,
  accepted only with evidence: a field label (姓名：, 医师签名：), a title after it (张先生, 李主任;
  the title is not part of the span), a role or kinship word before it (患者, 家属, 其女, 叫),
  gender/age or a kinship note after it (，男，62岁 / （女儿）), or standing alone in a signature
  line. jieba's dictionary rejects candidates that are really words (黄疸, 白细胞, 高血压, 处方).
* FACILITY: a facility type (医院, 卫生院, 社区卫生服务中心...) whose name holds a place name, a
  university or a well-known hospital name; generic ones (当地医院, 正规医院, 县医院) are not PHI.
* ADDRESS / CITY: a chain of 省/市/区/县/镇/村/路/街/号/栋/单元/室 parts after an address keyword or
  a known place is one ADDRESS; a city named on its own (籍贯, 生于, 来自, X市) is CITY; a
  province alone is not labelled.

Resources (surname and given-name lists, jieba's dictionary as a word list and gazetteer) load
once, lazily, on the first call. Nothing here logs or prints text.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from pathlib import Path
from typing import NamedTuple

from medcorpus.schemas.phi import PhiSpan

__all__ = ["detect"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SP = r"[ \t\u3000]"  # spaces inside a line, the ideographic space included
_TODAY_YEAR = _dt.date.today().year

# --------------------------------------------------------------------------------------------------
# Hand-written vocabulary (general knowledge of Chinese names, places and clinical documents)
# --------------------------------------------------------------------------------------------------

# Common modern surnames that faker's weighted list lacks or spells with a variant (萧/肖, 阎/闫).
_EXTRA_SURNAMES = (
    "肖闫付买覃岳尹邱庞雷卢詹乔翟牛隋闵靳冉粟揭宁佘晏麦莫兰穆嵇滕蔺栾谌眭甄禹逯臧鄢鞠亓仝琚"
    "桂蒲蓝兰凌殷阮邝湛温冼招佟那扈郗訾郜寇阙芦钮郦郎"
)
# Compound surnames, and heads of Tibetan names that play the surname's role in a name.
_COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 皇甫 慕容 东方 夏侯 尉迟 公孙 令狐 司徒 端木 长孙 宇文 轩辕 澹台 独孤 南宫 西门 "
    "万俟 闻人 呼延 钟离 申屠 太史 公冶 濮阳 淳于 单于 赫连 百里 东郭 司空 左丘 拓跋 完颜 "
    "扎西 次仁 卓玛 达瓦 格桑 央金 洛桑 尼玛 多吉 旦增 平措 顿珠 拉巴 索朗 次旦 白玛 德吉 曲珍 普布 边巴 益西 桑吉"
).split()
# The hundred most common surnames: 小X / 老X is an address only with one of these.
_COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Three-character heads of Uygur names written without the middle dot (阿不都热合曼).
_NAME_HEADS3 = set("阿不都 阿布都 阿卜杜 买买提 艾尔肯 吐尔逊 阿依古 热依汗 努尔兰".split())
# Surnames that are also everyday words or function characters (于 as preposition, 黄 in 黄疸,
# 常 in 正常...): outside a field label they need a clear name shape to count.
_AMBIGUOUS_SURNAMES = set(
    "于和向时万周方常高白黄石林文明江金田毛龙云路车谷关齐米党信门年位从同及由是元全原双单史台合后多安"
    "宁左平应康强成战房支新易景曲望木权来查正水池沙海满火相督祝种空符第简管红终经能良色花"
    "血衣表解言计诸通都银长阳阿雪青风首香麻黑包丰利归那曾艾冶"
)
# Surnames that are mostly function words (prepositions, conjunctions, adverbs): never a surname-only
# name before a title (向医生咨询, 和医生沟通, 但医生说, 时医生的报告), except 于/向 in 是于大夫, 于先生.
_FUNCTION_SURNAMES = set("向于和同及从由对为将与但那时是也还就又再可才该其此每各本而且若如即乃之这哪都只仅很太更最越却便倒并来")
# Characters common in given names (used where there is no other evidence, e.g. signature lines).
_GIVEN_CHARS = set(
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红兰建文辉力永健世广志义兴良海山仁波宁贵福生龙"
    "元全国胜学祥才发武新利清飞彬富顺信子昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承"
    "乐绍功松善厚庆民友裕河哲江浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以家致树炎"
    "德行泰盛雄琛钧冠策腾楠榕风航弘慧巧美静淑惠珠翠雅芝娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛"
    "瑞凡佳嘉琼勤珍贞莉娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦"
    "岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔枝"
    "阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨忠宗曼紫逸贤蝶菡蓝儿轩梓涵铭"
    "宸煜昊皓晗彤桐曦诗依奕语沐俊峰凯帆帅鑫坤东雷兵想金水伍冬夏银钢锋锐毅恩仲孝廷耀晋景捷迪蕾璇琨瑜瑛璋"
    "璟珂珺玥婧姝姗嫣沁泉溪润淳澄湘源浚淼潇渊岳峻崇嵩巍岑昕旻晟晔晖暄曜朔杭栩楷樱桃杏柳柏蕴蔚茹莹萌芮芷"
    "苗苓茵蕙藤翼翊翎舟炜烨焕煊熙灿焱根柱树桥铁虎豹熊鹤凤鸽燕莺鹃丁卫保军兆先光全秉继仕伦朝堃培基增壁"
    "军勋勉励劲南卓博占卫厚双发叔吉同君启和品哲喜嘉国坚城培基增墨士壮声夫奎妙姿娃婉嫦季孟宏宜宪家宾富寿"
    "尊少尧岗峡崔川州巧帝常干年广庭康廉建强彤彦彩征德心忆志忠怀恺悟惟惠愉意慈慕懿成才扬振捷提敬斐新方旺"
    "昆昊昌明春昭晋晓晨晴智曙望朝杰松林柯栋森植楠欣正武毅汉沛治泓波洪洲津浪海涌淑深添渝港湘溢滨漫潮澎"
    "灏炳烈焰然煌熠燊牧献玄率玮环现珏琛瑞瑶璞田甜畅百皓盈相真睿石硕祖神祺禄福秀科秦程穗立章童端竹笑筱"
    "纲绍统继维缘翔耘育胜舜良艾芃芊芝芬苏茂范荣莹菲萌葆蒙蓬蕙薇虹行衡裕西观詹誉诚谦谊豪贞贤资赐赫超越轶"
    "辉达迎运远迪通逸道遥邦郁醇金鉴钰铭锦镇长闻阔隽雄雅雍雯霖霏露靖静韬韵顺颂颖飙馨骏鲲鸣鹏麟黎鼎齐"
)
# Characters that almost never end or fill a given name but start the next word (function words,
# clinical vocabulary): a candidate name stops before them.
_NON_NAME_CHARS = set(
    "的了是在因于和与及或等我你他她它们这那有无不也都就还被把将对从向到为以个些岁天次时后前行予给经诉述伴"
    "并其该今昨日月年周分秒每各某本此即已曾又再才仅只很较更最未没非否病症痛炎血压糖尿肿瘤癌心肝脾肺肾胃"
    "肠胆骨头颈胸腹背腰腿足手臂眼耳鼻口舌牙皮肤检查治疗服药片粒支入出院诊术查房科室号床例名位男女性左右"
    "上下内外中部侧处见示显约余多少量高低热咳喘吐泻便尿汗晕麻木肿胀酸软感觉现发伴起来去回看说问答谢请吗"
    "呢吧啊哦嗯呀嘛啦之所而且但若如虽因此故则您咱俺州省市县区镇乡村路街代患"
)
# Titles and roles written right after a name: 张先生, 李主任, 王医生 (the title is not PHI).
_TITLES = (
    "主任医师 副主任医师 主治医师 住院医师 主管医师 主任 副主任 医师 医生 大夫 教授 副教授 博士 老师 先生 女士 小姐 太太 "
    "护士长 护士 护师 院长 副院长 科长 处长 书记 主管 组长 阿姨 奶奶 爷爷 大爷 大妈 大娘 大伯 大叔 大哥 大姐 "
    "老太太 老太 老伯 师傅 同志"
).split()
_TITLE_TUPLE = tuple(_TITLES)
# Titles that only follow a person's name (向医生咨询 is "ask the doctor", 于先生 is Mr Yu).
_PERSONAL_TITLES = ("先生", "女士", "小姐", "太太", "阿姨", "奶奶", "爷爷", "大爷", "大妈", "大娘", "大伯", "大叔", "老太")
# Field labels whose value is a person's name (姓名：张三, 医师签名：李四, 【手术者】王五).
_NAME_FIELDS = (
    "患者姓名 病人姓名 姓名 名字 签名 签字 医师签名 医生签名 护士签名 签名医师 记录者 记录人 记录医师 记录医生 书写者 "
    "书写医师 录入者 审核 审核者 审核人 审核医师 审核医生 审签 复核 复核者 核对者 报告者 报告人 报告医师 报告医生 "
    "检查者 检查医师 检查医生 操作者 操作医师 诊断医师 诊断医生 申请医师 申请医生 申请者 送检医师 送检医生 开单医师 "
    "开单医生 主治医师 主治医生 住院医师 住院医生 主任医师 副主任医师 主管医师 主管医生 上级医师 上级医生 经治医师 经治医生 "
    "接诊医师 接诊医生 首诊医师 值班医师 值班医生 责任医师 管床医师 主刀 主刀医师 主刀医生 术者 手术者 手术医师 手术医生 "
    "助手 一助 二助 三助 第一助手 第二助手 麻醉医师 麻醉医生 麻醉师 麻醉者 器械护士 巡回护士 洗手护士 责任护士 主管护士 "
    "护士 护理员 会诊医师 会诊医生 邀请医师 指导医师 指导老师 带教老师 执行者 执行人 采集者 采样者 联系人 紧急联系人 "
    "监护人 代理人 委托人 授权人 被授权人 陈述者 病史陈述者 供史者 家属签名 患者签名 配偶 丈夫 妻子 "
    "父亲 母亲 医师 主诊医师 随访医生 随访医师 检验者 检验人 检验医师 检验医生 检验 核对 核对者 核对人 复核人 送检者 "
    "采样人 采集人 接收者 接收人 药师 审核药师 调配药师 发药药师 核对药师 调配 谈话医师 谈话医生 谈话人 见证人 "
    "患者签字 家属签字 医师签字 医生签字 护士签字 监护人签字 代理人签字 委托代理人 法定代理人 录入人 录入员 操作员 "
    "技师 检查技师 首诊医生 转诊医生 联系人姓名 家属姓名 配偶姓名 父亲姓名 母亲姓名 患儿姓名 受检者 受检人 就诊人 "
    "报告审核 审核者签名 预约医生 预约医师 接诊人"
).split()
# Words right before a name in running text (患者张三, 其女李四, 已电话通知王五, 我叫赵六).
_NAME_PREFIXES = (
    "患者 病人 病患 患儿 家属 配偶 丈夫 妻子 爱人 老伴 其夫 其妻 其子 其女 之子 之女 儿子 女儿 儿媳 女婿 孙子 孙女 "
    "外孙 外孙女 侄子 侄女 外甥 外甥女 父亲 母亲 哥哥 姐姐 弟弟 妹妹 叫做 名叫 我叫 叫 我是 通知 告知 已与 "
    "谢谢 感谢 委托 陪同 陪护 医生 医师 大夫 主任 护士 护士长 护师 教授 就诊人"
).split()
# Kinship words before a name (其女儿王芳) or in brackets after it (王芳（女儿）).
_KIN_WORDS = (
    "儿子 女儿 配偶 丈夫 妻子 爱人 父亲 母亲 孙子 孙女 外孙 外孙女 侄子 侄女 儿媳 女婿 哥哥 姐姐 弟弟 妹妹 兄弟 "
    "姐妹 外甥 外甥女 朋友 同事 保姆 护工 监护人 老伴 舅舅 姑姑 阿姨 叔叔"
).split()
_KIN_NOTES = _KIN_WORDS + ["本人", "患者", "家属"]
# Characters or words right before a name that end the previous word (的王医生, 是李主任, 心内科黄医生,
# 今日张明医生).
_NAME_LEFT_CHARS = set("的是叫请找问给和与跟向被由让位及谢为对经知诉把将随同邀约嘱科室院组、")
_NAME_LEFT_WORDS = set(_NAME_PREFIXES) | set("今日 今天 昨日 昨天 次日 当日 邀请 通知 告知 联系 感谢 谢谢 期间 随后".split())
# Values of a name field that are not names.
_NOT_NAMES = set("不详 未知 无 本人 自己 患者 病人 家属 同上 未填 暂无 空 见上 签名 医师 医生 护士".split())

_PROVINCE_STEMS = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 "
    "贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
# Prefecture-level and other major cities (stems, without 市), adding to jieba's place names.
_CITY_STEMS = (
    "北京 上海 天津 重庆 广州 深圳 成都 杭州 武汉 西安 南京 郑州 长沙 沈阳 青岛 济南 大连 宁波 厦门 福州 合肥 昆明 "
    "南宁 南昌 贵阳 太原 石家庄 哈尔滨 长春 兰州 西宁 银川 呼和浩特 乌鲁木齐 拉萨 海口 三亚 苏州 无锡 常州 徐州 "
    "南通 扬州 镇江 泰州 盐城 淮安 连云港 宿迁 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 芜湖 蚌埠 淮南 马鞍山 "
    "淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 泉州 漳州 莆田 三明 南平 龙岩 宁德 景德镇 萍乡 九江 "
    "新余 鹰潭 赣州 吉安 宜春 抚州 上饶 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 "
    "开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 黄石 十堰 宜昌 襄阳 "
    "鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 韶关 "
    "珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 柳州 桂林 梧州 北海 "
    "防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 "
    "广安 达州 雅安 巴中 资阳 遵义 六盘水 安顺 毕节 铜仁 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 大理 宝鸡 咸阳 铜川 "
    "渭南 延安 汉中 榆林 安康 商洛 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 石嘴山 吴忠 固原 中卫 "
    "克拉玛依 吐鲁番 哈密 喀什 阿克苏 伊宁 库尔勒 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 大同 阳泉 "
    "长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 鞍山 抚顺 本溪 "
    "丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 吉林 四平 辽源 通化 白山 松原 白城 延吉 齐齐哈尔 鸡西 鹤岗 "
    "双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 昆山 义乌 晋江 慈溪 江阴 张家港 常熟"
).split()
_MAJOR_CITIES = frozenset(_CITY_STEMS)
# Cities that are also everyday words or given names (日照 sunshine, 来宾 guest, 桂林 in 张桂林): named
# alone only after a context word (来自, 去过) or with 市, never by the bare-name scan.
_AMBIGUOUS_CITIES = set(
    "保定 包头 开封 大同 日照 安康 来宾 白银 长治 常熟 平凉 清远 自贡 遵义 怀化 营口 通化 天水 吉林 朝阳 "
    "黄山 中山 北海 黄石 永安 海口 大理 白山 四平 黑河 中卫 吴忠 金华 玉林 桂林 嘉兴 许昌 常德 承德 龙岩 吉安 伊春".split()
)
# Well-known foreign cities, and countries that may come before a city (现居日本东京) as a province does.
_FOREIGN_CITIES = "东京 大阪 首尔 纽约 伦敦 巴黎 悉尼 墨尔本 多伦多 温哥华 洛杉矶 旧金山 曼谷 迪拜".split()
_COUNTRIES = "日本 韩国 美国 英国 法国 德国 意大利 西班牙 加拿大 澳大利亚 新西兰 新加坡 泰国 马来西亚 俄罗斯 印度".split()
# What may come right before a city named alone: 在/住/去/跟/的 (我们在梧州, 所在的福州) or punctuation.
_CITY_LEFT_CHARS = set("在住去来回从到是于跟和与自往赴过经离及或为的、")
# Well-known hospital names that carry no place name (北京协和医院 is found by 北京 anyway).
_FAMOUS_HOSPITAL_HEADS = (
    "协和 华西 湘雅 同济 瑞金 仁济 华山 中山 齐鲁 西京 唐都 长海 长征 新华 天坛 宣武 安贞 阜外 积水潭 同仁 友谊 "
    "朝阳 中日友好 解放军总 武警总 海军总 空军总 301 北大 北医 中大 浙大 复旦 湘雅二 华西二 儿研所 邵逸夫 "
    "逸夫 九院 六院 鼓楼"
).split()
# Facility types; a named one of these is FACILITY.
_FACILITY_TYPES = (
    "社区卫生服务中心 社区卫生服务站 卫生服务中心 妇幼保健院 妇幼保健所 疾病预防控制中心 医院 卫生院 保健院 诊所 门诊部 "
    "疗养院 康复中心 医学中心 体检中心 急救中心 疾控中心 卫生室 养老院 敬老院 护理院 血站"
).split()
# Words that make a facility generic, not a named place (当地医院, 正规医院, 县人民医院).
_GENERIC_FACILITY_WORDS = (
    "当地 正规 专业 专科 综合 综合性 大型 小型 大 小 好 私立 公立 民营 私人 个体 社区 基层 上级 下级 附近 周边 其他 别的 "
    "各级 各大 各 三甲 三级 二甲 二级 一级 甲等 乙等 定点 整形 美容 男科 妇科 妇产 产科 儿童 儿科 妇幼 中医 西医 "
    "中西医结合 肿瘤 口腔 牙科 眼科 耳鼻喉 皮肤 皮肤病 骨科 精神 精神病 传染病 胸科 结核病 人民 中心 第一 第二 第三 第四 第五 "
    "第六 第七 第八 第九 第十 附属 省 市 县 区 镇 乡 村 医学 医科 大学 军队 部队 军区 总 分 新 老 该 本 外 我 某 同一 "
    "不同 多家 几家 哪家 一家 这家 那家 知名 著名 权威 专门 普通 一般 正规的 大的 县级 市级 省级 地级 乡镇 区级 国家"
).split()

# Dictionary words ending in 区/县/市 that are not places (社区获得性肺炎, 听诊区, 疫区).
_NOT_PLACES = set(
    "社区 小区 疫区 城区 市区 郊区 景区 山区 灾区 禁区 校区 园区 新区 地区 特区 辖区 片区 病区 分区 开发区 保护区 "
    "风景区 居住区 住宅区 商业区 工业区 生活区 办公区 试验区 示范区 经济区 高新区 老城区 老区 上市 城市 都市 门市 "
    "超市 股市 夜市 集市 黑市 闹市 全市 本市 该市 各市 省市 县市 农村 全县 本县 该县 各县 郡县 州县 盲区 误区 "
    "大城市 小城市 中小城市 特大城市 牧区 矿区 林区 社区卫生 听诊区 心前区 上腹区 下腹区 功能区 感觉区 运动区 语言区 视区 分水岭区 交界区 高发区".split()
)

# --------------------------------------------------------------------------------------------------
# Resources: built once, on the first call
# --------------------------------------------------------------------------------------------------


class _Res(NamedTuple):
    surnames: frozenset  # single-character surnames
    compound: frozenset  # two-character surnames and Tibetan name heads
    words: frozenset  # jieba words of 2-4 characters (person names of 3+ characters left out)
    common: frozenset  # the frequent ones: a name must not cut one in two
    xiao_lao: frozenset  # 小王, 老李: jieba tags these as person names (小时, 老年 are words)
    city_stems: frozenset  # city names without 市
    places: frozenset  # full place names with their suffix: 朝阳区, 信阳市, 隆回县, 湖北省
    city_re: re.Pattern  # well-known cities that can be named alone (武汉, 六盘水, 香港)


_NAME_TAGS = ("nr", "nrt", "nrfg", "ns")


def _jieba_dict() -> Path:
    import jieba  # only for the location of its bundled dictionary

    return Path(jieba.__file__).with_name("dict.txt")


@functools.lru_cache(maxsize=None)
def _res() -> _Res:
    from faker.providers.address.zh_CN import Provider as Address
    from faker.providers.person.zh_CN import Provider as Person

    surnames = {s for s in Person.last_names if len(s) == 1} | set(_EXTRA_SURNAMES)
    compound = {s for s in Person.last_names if len(s) == 2} | set(_COMPOUND_SURNAMES)
    words: set[str] = set()
    common: set[str] = set()
    xiao_lao: set[str] = set()
    city_stems = set(_CITY_STEMS)
    places = {p + s for p in _PROVINCE_STEMS for s in ("省", "市")}
    plain_words: set[str] = set()  # verbs and adjectives: 统治区, 表演区 are not districts
    unit_names: list[tuple[str, str]] = []
    with _jieba_dict().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, freq, tag = parts
            n, f = len(word), int(freq)
            # vocabulary that a name candidate must not be; rare person and place entries are
            # usually real names (赵军, 林旭), frequent ones everyday words (明白, 高峰, 谢谢)
            if 2 <= n <= 4 and (tag not in _NAME_TAGS or n == 2 and f >= 100):
                words.add(word)
                if n <= 3 and f >= 30:
                    common.add(word)
            if n == 2 and tag == "nr" and word[0] in "小老":
                xiao_lao.add(word)
            if tag[0] in "vad":
                plain_words.add(word)
            # place names with their administrative suffix (jieba tags districts ns, n, nr or nt)
            if 3 <= n <= 7 and word[-1] in "市县区旗州" and tag in ("ns", "nr", "n", "nt", "nz"):
                if word[-1] == "市" and tag == "ns":
                    city_stems.add(word[:-1])
                if tag == "ns" or word[-1] in "区县旗":
                    unit_names.append((word, tag))
            elif n == 2 and word[-1] == "县" and tag == "ns" and word[0] not in "东西南北中大小外地新旧本全该各每上下镇":
                unit_names.append((word, tag))  # 沛县, 萧县
    places.update(w for w, tag in unit_names if tag == "ns" or w[:-1] not in plain_words)
    places -= _NOT_PLACES
    places |= {c + "市" for c in city_stems}
    # faker's list adds county-level cities (海门, 大冶, 六盘水) to the prefecture-level ones
    alone = _MAJOR_CITIES | {c for c in Address.cities if len(c) >= 2 and c[-1] != "盟"} | set(_FOREIGN_CITIES)
    city_stems |= alone
    return _Res(frozenset(surnames), frozenset(compound), frozenset(words), frozenset(common), frozenset(xiao_lao),
                frozenset(city_stems),
                frozenset(places), _trie_re(alone - _AMBIGUOUS_CITIES))


# --------------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------------


def _trie_re(words) -> re.Pattern:
    """One regex for many literal words, factored as a trie: a scan tests each start position once."""
    trie: dict = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name wins

    return re.compile(build(trie))


def _alt(words) -> str:
    """Regex alternation, longest first so 患者姓名 wins over 姓名."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _spaced_alt(words) -> str:
    """Like _alt, but two-character labels may be spread out as forms do (姓  名：)."""
    return "|".join((_SP + "*").join(map(re.escape, w)) if len(w) == 2 else re.escape(w)
                    for w in sorted(set(words), key=len, reverse=True))


# Keyword -> label for numbers written after a keyword. Only the value is labelled.
_NUMBER_KEYS: dict[str, str] = {}
for _label, _keys in {
    "MRN": "住院号 住院病历号 住院编号 病案号 病案编号 病历号 门诊号 门诊病历号 急诊号 ID号 患者ID 病人ID 病员号 床号 "
           "床位号 检查号 检查编号 检查单号 影像号 放射号 超声号 病理号 标本号 登记号 就诊号 就诊卡号 诊疗卡号 就诊卡 "
           "门诊卡号 申请单号 报告编号 报告单号 档案号 健康档案号 流水号 条码号 样本号 胃镜号 肠镜号 心电图号 CT号 MR号 "
           "MRI号 DR号 X线号 PET号 住院流水号 ID MRN",
    "HEALTH_PLAN": "医保卡号 医保号 医保编号 医保账号 社保卡号 社保号 社保编号 社会保障卡号 社会保障号 医疗保险号 医疗保险卡号 "
                   "参保号 参保人编号 新农合号 新农合卡号 合作医疗证号 保险单号 保单号 商业保险号",
    "NATIONAL_ID": "身份证号 身份证号码 身份证 公民身份号码 公民身份证号 证件号 证件号码 护照号 护照号码 军官证号 港澳通行证号",
    "ACCOUNT": "银行卡号 银行账号 账号 帐号 账户 帐户",
    "LICENSE": "执业证号 执业证书编号 资格证号 资格证书编号 医师资格证号 执业医师证号 驾驶证号 驾照号",
    "VEHICLE": "车牌号 车牌号码 车牌",
    "DEVICE": "批号 序列号 产品序列号 设备编号 植入物编号 器械编号 条码 条形码 SN S/N UDI",
    "ZIP": "邮编 邮政编码",
    "ACCOUNT_IM": "QQ QQ号 微信 微信号",
    "PHONE": "电话 电话号码 联系电话 手机 手机号 手机号码 联系方式 移动电话 座机 固话 Tel TEL tel",
    "FAX": "传真 传真号 传真号码 Fax FAX fax",
}.items():
    for _k in _keys.split():
        _NUMBER_KEYS[_k] = "ACCOUNT" if _label == "ACCOUNT_IM" else _label  # QQ/WeChat ids are accounts
# Speed: every pattern starts with a literal or a character class, or with a lookahead on one
# ((?=\d)...): Python's re then skips ahead to candidate positions instead of trying each one.
_NUMBER_RE = re.compile(
    rf"({_alt(_NUMBER_KEYS)})(?:号码|编号)?{_SP}*(?:[：:]|是|为)?{_SP}*"
    r"(\+?[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9]))*)"
)

# A bed written as a number before 床 (上次住院是25床, B15床, 12号床); 床位/床旁 are not beds' ids.
# Found from 床, which is rare, then the number is read backwards (a scan from each digit is slow).
_BED_RE = re.compile(r"床(?![位旁边头垫栏单])")
_BED_NUMBER_RE = re.compile(r"(?<![\dA-Za-z.+\-])([A-Za-z]?\d{1,3})号?$")
# A code alone in brackets, as pathology and specimen numbers are cited in 病程 and 出院小结:
# 术后病理(201413928), 病理回报(z0442250), (mn20160037)该病例..., (9302.2012)
_PAREN_CODE_RE = re.compile(r"[（(]([A-Za-z]{0,3}\d{4,12}(?:\.\d{2,4})?)[）)]")
_YEAR_MONTH_RE = re.compile(r"(?:19|20)\d\d\.\d\d?")  # (2015.12) is a date, not a code

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# Numbers known by their shape, in one scan; each branch keeps its own boundaries.
_SHAPED_RE = re.compile(
    r"(?=[\d+(（])(?:"
    r"(?P<id18>(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z]))"
    r"|(?P<mobile>(?<![\d+])(?:(?:\+|00)86[ \-]?)?1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4})(?!\d))"
    r"|(?P<landline>(?<![\d.])(?:(?:\+|00)86[ \-]?)?(?:[(（]0\d{2,3}[)）]|0\d{2,3})[ \-]?(?:\d{3,4}[ \-]?\d{4}|\d{4}[ \-]\d{3})(?!\d)"
    rf"(?:{_SP}*(?:转|分机|ext\.?|EXT\.?){_SP}*\d{{1,5}})?)"
    r"|(?P<service>(?<!\d)[48]00[ \-]?\d{3}[ \-]?\d{4}(?!\d))"
    rf"|(?P<ip>(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.]))"
    r")"
)
# the look-behind makes only the start of a run a candidate: linear time on long letter runs
_EMAIL_RE = re.compile(r"(?=[A-Za-z0-9])(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_URL_RE = re.compile(r"(?=[hHwW])(?:https?://|www\.)[^\s<>\"'，。；、！？（）()【】《》“”]+", re.I)
_PLATE_RE = re.compile(
    r"(?=[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])(?<![A-Za-z0-9])"
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]·?"
    r"[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"
)

_CN_DIGITS = "〇零一二三四五六七八九十"
_DATE_CN_RE = re.compile(
    rf"(?=[{_CN_DIGITS}])(?:[{_CN_DIGITS}]{{2,4}}年[{_CN_DIGITS}]{{1,2}}月(?:[{_CN_DIGITS}]{{1,3}}[日号])?"
    rf"|[{_CN_DIGITS}]{{1,2}}月[{_CN_DIGITS}]{{1,3}}[日号])"
)
# Dates written with Arabic digits, in one scan: 2021年3月14日, 2021-03-14, 21/3/14, 03/14/2021,
# 2021-03, 3月14日. Times (14:30), decimals and fractions are kept out by the boundaries.
_DATE_RE = re.compile(
    r"(?=\d)(?<![\d.])(?:"
    rf"(?P<ymd>(?P<ymd_y>(?:19|20)?\d{{2}}){_SP}*年{_SP}*(?P<ymd_m>\d{{1,2}}){_SP}*月"
    rf"(?:{_SP}*(?P<ymd_d>\d{{1,2}}){_SP}*[日号])?(?!\d))"
    r"|(?P<num>(?<![/\-])(?<!\d:)(?P<num_y>\d{4}|\d{2})(?P<num_sep>[\-/.])(?P<num_m>\d{1,2})(?P=num_sep)"
    r"(?P<num_d>\d{1,2})(?![\d:]|\.\d|/\d))"
    r"|(?P<dmy>(?<![/\-])(?P<dmy_a>\d{1,2})(?P<dmy_sep>[/.\-])(?P<dmy_b>\d{1,2})(?P=dmy_sep)(?P<dmy_y>(?:19|20)\d{2})(?!\d))"
    r"|(?P<ym>(?<![/\-])(?<!\d:)(?P<ym_y>(?:19|20)\d{2})[\-/.](?P<ym_m>\d{1,2})(?![\d\-/.:%]))"
    rf"|(?P<md>(?P<md_m>\d{{1,2}}){_SP}*月{_SP}*(?P<md_d>\d{{1,2}}){_SP}*[日号](?!\d))"
    r")"
)
_DATE_COMPACT_RE = re.compile(r"(?:日期|时间|生日|出生)[：:\s]{0,3}((?:19|20)\d{6})(?!\d)")
# a day alone, only where it reads as a date: 本月12号, 于14日 (but 于17号染色体)
_DATE_D_RE = re.compile(r"(?:(?:本月|当月|次月|同月|上月|下月|该月)(\d{1,2})[日号]|于(\d{1,2})日)(?![\d前后内余])")

# Dates as patients write them, by day: 3.22号 / 3.1日 (but 7.5号导管 is a tube's size and
# 希罗达1.5日二次 a dose), 10月25 with no 日, a month as 7月份, and a day alone where a time of day or
# an event follows (9号夜里, 16号去打针, 13日早上) but not 17号染色体, 3号楼, 第3日, 术后3日.
_DATE_DAY_RE = re.compile(
    r"(?=\d)(?<![\d.\-/])(?:"
    r"(?P<dot_m>\d{1,2})\.(?P<dot_d>\d{1,2})[号日](?![\d前后内余管针线刀鞘]|[一二两三四]次|气管|导管|插管|手套|球囊|支架|喉罩|电极)"
    r"|(?P<bare_m>\d{1,2})月(?P<bare_d>\d{1,2})(?![\d.\-~～至到天日号年岁周次个例人小分时秒度余多床克毫升斤元倍片粒支袋瓶只A-Za-z%％])"
    r"|(?P<mon>\d{1,2})月(?=份)"
    r"|(?<!第)(?P<day_h>\d{1,2})号(?=早上|上午|中午|下午|晚上|夜里|夜间|半夜|凌晨|白天|那天|当天|晚|早|晨|开始|起|以后|之后|以前|之前|"
    r"左右|后|时|去|回|来|到|至|出现|发|又|再|才|就|已|曾|刚|突然|就诊|复查|复诊|检查|住院|入院|出院|隔离|做|查|测|量|验|抽|拍|出|打|吃|输|挂)"
    r"|(?<![第每共近约续后前内余])(?P<day>\d{1,2})日(?=早上|上午|中午|下午|晚上|夜里|夜间|凌晨|白天|那天|当天|晨))"
)
# Holidays name a day (从圣诞节开始咳嗽, 春节的时候); 清明 alone also means lucid, so only 清明节.
_HOLIDAY_RE = re.compile(r"春节|元旦|除夕|大年初[一二三四五六七八九十]|元宵节?|清明节|端午节?|中秋节?|国庆节?|劳动节|圣诞节?|平安夜|七夕|重阳节")
# The end of a range after a full date: 2013/11/2-11.6, 2016.4.28至5.12, 2016.4.28-2016.5.12
_DATE_TAIL_RE = re.compile(r"[\-~～至到—](?:(?:19|20)\d\d[./\-])?(\d{1,2})[./\-](\d{1,2})(?![\d./\-])")

_AGE_RE = re.compile(rf"(?=\d)(?<![\d.])(\d{{2,3}})(?={_SP}*多?(?:岁|周岁|歲|高龄|[Yy](?![A-Za-z])))")  # 92岁, 95多岁, 92Y
_AGE_FIELD_RE = re.compile(rf"(?:年龄|今年|享年){_SP}*[：:]?{_SP}*(\d{{2,3}})(?![\d.])")  # 年龄：95, 今年91了
_AGE_RANGE_AFTER = ("以上", "以下", "左右", "之间", "之后", "以后", "以前", "前后", "~", "-", "至", "到", "～")

# --- names
_NAME_FIELD_RE = re.compile(
    rf"(?:{_spaced_alt(_NAME_FIELDS)})(?:{_SP}*(?:[：:]|】|\]|』){_SP}*(?:\r?\n{_SP}*)?|(?P<ws>{_SP}+))"
    rf"(?:(?:其|患者|病人)?(?:{_alt(_KIN_WORDS)})(?=[{_HAN}]{{2}}))?"
    rf"(?P<value>[{_HAN}·]{{1,10}}(?:{_SP}*[/、]{_SP}*[{_HAN}·]{{1,10}})*)"
)
_PREFIX_WORDS = [p + k for p in ("", "其", "患者", "病人", "之") for k in _KIN_WORDS] + _NAME_PREFIXES
_NAME_PREFIX_RE = re.compile(
    rf"(?=[\d{''.join(sorted({w[0] for w in _PREFIX_WORDS}))}])"
    rf"(?:{_alt(_PREFIX_WORDS)}|\d{{1,3}}床{_SP}*)[（(]?(?=[{_HAN}])"  # 12床 李四 in nursing notes
)
_SURNAME_GIVEN_RE = re.compile(rf"(?:我|免贵|本人|患者|病人|他|她)姓([{_HAN}]{{1,2}}?)(?=[，。！？,.!?\s]|$|名|叫)")
_TITLE_RE = re.compile(_alt(_TITLES))
_TITLE_END_RE = re.compile(f"(?:{_alt(_TITLES)})$")
# What follows a name: gender (，男，/ 男 65岁), an age (，52岁) or a kinship note (（女儿）).
_GENDER_AFTER_RE = re.compile(rf"[男女]性?{_SP}*[，,、；; \t）)]|[，,]{_SP}*\d{{1,3}}(?:岁|周岁)")
_KIN_AFTER_RE = re.compile(rf"[（(](?:{_alt(_KIN_NOTES)})(?=[）)，,、；; ]|$)")
# 我是王芳家属, 我是曾文的妈妈: the speaker names the patient before saying who they are
_FAMILY_AFTER_RE = re.compile(
    r"(?:家属|家长|的(?:妈妈|爸爸|母亲|父亲|家属|家长|爱人|老公|老婆|丈夫|妻子|女儿|儿子|孩子|奶奶|爷爷|外婆|外公))"
)
# Words for the patient before 叫 (宝宝叫王芳, 孩子叫李明); 也叫/又叫 name a thing instead.
_CALLED_BY = ("宝宝", "宝贝", "孩子", "小孩", "患儿", "病人", "患者", *_KIN_WORDS)
# A department written right before a doctor's name (我是新生儿科沈桂芳, 发热门诊丁强洁).
_DEPT_RE = re.compile(rf"(?:科|门诊)(?=[{_HAN}])")
_STANDALONE_RE = re.compile(rf"[\s/|]([{_HAN}]{{2,5}})(?=$|[\s/|])")
_STANDALONE_START_RE = re.compile(rf"([{_HAN}]{{2,5}})(?=$|[\s/|])")
_XIAO_LAO_RE = re.compile(rf"[小老]([{_HAN}])(?=[，。！？；：,.!?;:\s]|$)")
_EN_FACILITY_RE = re.compile(
    r"(?=[A-Z])\b(?:[A-Z][A-Za-z'&.\-]+ ){1,6}(?:Hospital|Medical Center|Health Center|Clinic|Infirmary)\b"
)
_EN_TITLE_RE = re.compile(rf"(?=[DMP])\b(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?{_SP}+([A-Z][a-z]+(?:{_SP}[A-Z][a-z]+)?)")

# --- places
_PROVINCE_RE = re.compile(
    rf"(?:{_alt(_PROVINCE_STEMS)})(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)?"
)
_ADMIN_SUFFIX_RE = re.compile(r"[市区县旗州]")
_ADDRESS_KEYS = (
    "现住址 家庭住址 家庭地址 联系地址 通讯地址 户籍地址 户口地址 居住地址 住址 地址 家住 住在 现住 居住于 居住在 我住 住于 "
    "户籍地 居住地 户籍所在地 户口所在地 工作单位地址 单位地址"
).split()
_ADDRESS_KEY_RE = re.compile(rf"(?:{_alt(_ADDRESS_KEYS)}){_SP}*[：:]?{_SP}*(?=[{_HAN}\d])")
_CITY_KEYS = (
    "籍贯 出生地 出生于 生于 久居 来自 老家是 老家在 老家 原籍 户籍 居住于 长期居住于 长期居住在 居住在 定居于 定居在 "
    "现居 现居住于 出生并长期居住于 移居 迁居 迁至 前往 去过 到过 从"
).split()
_REGION_TUPLE = tuple(_PROVINCE_STEMS + _COUNTRIES)
_CITY_KEY_RE = re.compile(rf"(?:{_alt(_CITY_KEYS)}){_SP}*[：:]?{_SP}*(?=[{_HAN}])")
_CITY_AFTER_RE = re.compile(r"人[，。,；;\s]|人$|十几年|多年|几年|(?<!\d)\d{1,2}年|工作|打工|务工|生活|定居|上学|读书")
# A character of a place or building name: not a digit and not a function word that starts prose.
_NAME_CH = r"[^\W\d_的了是在因与及或等我你他她们这那哪有也就还被把将对从到为以个些岁次予给诉述伴并其该去来不没很会能要想说看吃做医病痛]"
# One part of a Chinese address, tried in order at the current position.
_ADDRESS_PARTS = re.compile(
    rf"(?:{_alt(_PROVINCE_STEMS)})(?:省|市|(?:壮族|回族|维吾尔)?自治区)?(?!大道|大街|路|街|巷)"
    rf"|{_NAME_CH}{{1,7}}?(?:自治州|自治县|地区|新区|开发区|市|区|县|旗|盟|镇|乡)"
    rf"|{_NAME_CH}{{2,7}}?(?:街道|社区|村|屯|组)"
    rf"|[\dA-Za-z]*{_NAME_CH}{{1,8}}?(?:大道|大街|胡同|路|街|巷|弄|道)(?:[东西南北中]段)?"
    rf"|(?:\d+(?:[\-—]\d+)*|[A-Za-z]\d*)(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|户|弄|组)"
    rf"|{_NAME_CH}{{2,8}}?(?:小区|花园|家园|公寓|大厦|苑|城|庭|府|园|宿舍|新村|广场|公馆|山庄|名都|新都会|国际|院)"
    r"|\d+(?:[\-—]\d+){1,3}|[A-Za-z]?\d{3,5}"
)
_FACILITY_RE = re.compile(_alt(_FACILITY_TYPES))
_ADMIN_UNIT_RE = re.compile(rf"[{_HAN}]{{2,4}}?(?:省|市|区|县|镇|乡|旗)")  # 龙泉镇 before 卫生院
_FACILITY_HEAD_RE = re.compile(_alt(_FAMOUS_HOSPITAL_HEADS + _PROVINCE_STEMS))  # 四川大学华西医院 starts at 四川
# The unit a township or district hospital is named after, right before the type: 白云镇卫生院,
# 丰都区人民医院, 东城镇中心卫生院. Its name may be an everyday word (白云, 新城), the unit is the evidence.
_UNIT_BEFORE_TYPE_RE = re.compile(r"[镇乡区县旗](?:人民|中心|中医|第[一二三四五六七八九十\d]{1,3}人民)?$")
_NOT_UNIT_NAMES = set(
    "当地 本地 外地 老家 家乡 附近 周边 我们 咱们 他们 你们 这个 那个 所在 乡下 农村 这边 那边 隔壁 邻近 下面 上面 城乡 "
    "县里 市里 镇上 乡镇 城区 郊区 市区 社区 小区 园区 校区 病区 景区".split()
) | set(_GENERIC_FACILITY_WORDS)
_FACILITY_STOP = set("在到去于至赴往从来请经由转入住送及与的是为了过我你他她们这那该本某各其个所哪什么几些就诊曾已后前时或")


class _Cand(NamedTuple):
    start: int
    end: int
    label: str
    recognizer: str
    score: float


# --------------------------------------------------------------------------------------------------
# Number-shaped identifiers
# --------------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _valid_id18(s: str) -> bool:
    """ISO 7064 MOD 11-2 check digit, a plausible region code and birth date."""
    if s[0] not in "12345678":
        return False
    check = "10X98765432"[sum(int(c) * w for c, w in zip(s, _ID_WEIGHTS)) % 11]
    if s[17].upper() != check:
        return False
    return _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14]), lo=1890)


def _valid_date(y: int, m: int, d: int, lo: int = 1900) -> bool:
    if not (lo <= y <= _TODAY_YEAR + 1):
        return False
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _numbers(text: str, out: list) -> None:
    for m in _NUMBER_RE.finditer(text):
        key, value = m.group(1), m.group(2)
        if key.isascii() and m.start() and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # ID/SN/Tel inside a longer English word
        label = _NUMBER_KEYS[key]
        start, end = m.span(2)
        if not any(c.isdigit() for c in value):
            continue
        if key in ("床号", "床位号"):
            out.append(_Cand(start, end, "MRN", "zh.mrn.context", 0.85))
            continue
        if len(value) < 4:  # a count or a bed-like number after a generic keyword
            continue
        if label == "DEVICE" and key in ("条码", "条形码") and "起搏" not in text[max(0, m.start() - 12):m.start()] \
                and not re.search(r"[器架体管瓣物]（?$", text[max(0, m.start() - 3):m.start()]):
            label = "MRN"  # a specimen or request barcode, not an implant's
        if label == "ZIP" and not re.fullmatch(r"\d{6}", value):
            continue
        if label in ("PHONE", "FAX"):
            digits = sum(c.isdigit() for c in value)
            if not 7 <= digits <= 12 or not value.replace("-", "").isdigit():
                continue
        if label == "NATIONAL_ID":
            ok = re.fullmatch(r"\d{15}|\d{17}[\dXx]", value)
            score = 0.98 if ok and (len(value) == 15 or _valid_id18(value)) else 0.85
            out.append(_Cand(start, end, label, "zh.id_card.context", score))
            continue
        # below the shaped phone recognizers, which also take an extension (转2821)
        score = 0.8 if label in ("PHONE", "FAX") else 0.85 if label == "ACCOUNT" else 0.95
        out.append(_Cand(start, end, label, f"zh.{label.lower()}.context", score))

    for m in _BED_RE.finditer(text):
        bed = _BED_NUMBER_RE.search(text, max(0, m.start() - 5), m.start())
        if bed:
            out.append(_Cand(bed.start(1), bed.end(1), "MRN", "zh.mrn.bed", 0.8))
    for m in _PAREN_CODE_RE.finditer(text):
        value = m.group(1)
        if sum(c.isdigit() for c in value) < 6 or _YEAR_MONTH_RE.fullmatch(value):
            continue
        if value.isdigit() and len(value) == 8 and _valid_date(int(value[:4]), int(value[4:6]), int(value[6:])):
            continue  # 药敏(20170204): a date
        out.append(_Cand(m.start(1), m.end(1), "MRN", "zh.mrn.code", 0.75))

    for m in _SHAPED_RE.finditer(text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "id18":
            if _valid_id18(m.group()):
                out.append(_Cand(start, end, "NATIONAL_ID", "zh.id_card", 0.9))
        elif kind == "mobile":
            out.append(_Cand(start, end, "PHONE", "zh.phone.mobile", 0.9))
        elif kind == "landline":
            digits = sum(c.isdigit() for c in m.group())
            fax = "传真" in text[max(0, start - 8):start]
            out.append(_Cand(start, end, "FAX" if fax else "PHONE", "zh.phone.landline", 0.85 if digits >= 10 else 0.6))
        elif kind == "service":
            out.append(_Cand(start, end, "PHONE", "zh.phone.service", 0.7))
        else:
            # 肝S2.4.6.8 lists liver segments: without an IP keyword, two octets must have 2+ digits
            context = re.search(r"IP|ip|地址|服务器|主机|网关", text[max(0, start - 12):start])
            if context or sum(len(o) >= 2 for o in m.group().split(".")) >= 2:
                out.append(_Cand(start, end, "IP_ADDRESS", "zh.ip", 0.85))
    for m in _EMAIL_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "EMAIL", "zh.email", 0.95))
    for m in _URL_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "URL", "zh.url", 0.9))
    for m in _PLATE_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "VEHICLE", "zh.plate", 0.75))


# --------------------------------------------------------------------------------------------------
# Dates and ages
# --------------------------------------------------------------------------------------------------


def _dates(text: str, out: list) -> None:
    for m in _DATE_RE.finditer(text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "ymd":
            mo, d = int(m["ymd_m"]), m["ymd_d"]
            # 10年3月 reads as a duration: a month and a year only with a four-digit year
            # but 18年8月份 names a calendar month
            if 1 <= mo <= 12 and (1 <= int(d) <= 31 if d else len(m["ymd_y"]) == 4 or text.startswith("份", end)):
                out.append(_Cand(start, end, "DATE", "zh.date.cn", 0.95))
        elif kind == "num":
            y, mo, d = m["num_y"], int(m["num_m"]), int(m["num_d"])
            if len(y) == 4:
                if _valid_date(int(y), mo, d):
                    out.append(_Cand(start, end, "DATE", "zh.date.numeric", 0.95))
                    tail = _DATE_TAIL_RE.match(text, end)
                    if tail and 1 <= int(tail.group(1)) <= 12 and 1 <= int(tail.group(2)) <= 31:
                        out.append(_Cand(tail.start() + 1, tail.end(), "DATE", "zh.date.range_end", 0.85))
            elif 1 <= mo <= 12 and 1 <= d <= 31 and (m["num_sep"] != "." or len(m["num_d"]) == 2):
                out.append(_Cand(start, end, "DATE", "zh.date.numeric_short", 0.7))  # 16-9-12, 13.4.12
        elif kind == "dmy":
            a, b, y = int(m["dmy_a"]), int(m["dmy_b"]), int(m["dmy_y"])
            if _valid_date(y, a, b) or _valid_date(y, b, a):
                out.append(_Cand(start, end, "DATE", "zh.date.numeric_dmy", 0.9))
        elif kind == "ym":
            if 1 <= int(m["ym_m"]) <= 12 and int(m["ym_y"]) <= _TODAY_YEAR + 1:
                out.append(_Cand(start, end, "DATE", "zh.date.year_month", 0.7))
        elif 1 <= int(m["md_m"]) <= 12 and 1 <= int(m["md_d"]) <= 31:
            out.append(_Cand(start, end, "DATE", "zh.date.month_day", 0.9))
    for m in _DATE_CN_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "DATE", "zh.date.cn_numerals", 0.8))
    for m in _DATE_COMPACT_RE.finditer(text):
        v = m.group(1)
        if _valid_date(int(v[:4]), int(v[4:6]), int(v[6:])):
            out.append(_Cand(m.start(1), m.end(1), "DATE", "zh.date.compact", 0.85))
    for m in _DATE_DAY_RE.finditer(text):
        if m["mon"]:
            ok = 1 <= int(m["mon"]) <= 12
        elif m["day"] or m["day_h"]:
            ok = 1 <= int(m["day"] or m["day_h"]) <= 31
        else:
            mo, d = (m["dot_m"], m["dot_d"]) if m["dot_m"] else (m["bare_m"], m["bare_d"])
            ok = 1 <= int(mo) <= 12 and 1 <= int(d) <= 31
        if ok:
            out.append(_Cand(m.start(), m.end(), "DATE", "zh.date.day", 0.7))
    for m in _HOLIDAY_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "DATE", "zh.date.holiday", 0.7))
    for m in _DATE_D_RE.finditer(text):
        g = 1 if m.group(1) else 2
        if 1 <= int(m.group(g)) <= 31:
            out.append(_Cand(m.start(g), m.end(), "DATE", "zh.date.day", 0.7))


_AGE_CN_RE = re.compile(r"九十[一二三四五六七八九]?(?=岁|周岁)|一百[零一二三四五六七八九十]{0,2}(?=岁|周岁)")


def _ages(text: str, out: list) -> None:
    for m in (*_AGE_RE.finditer(text), *_AGE_FIELD_RE.finditer(text)):
        start, end = m.span(1)
        if not 90 <= int(m.group(1)) <= 130:
            continue
        after = text[end:end + 5].lstrip(" \t岁周歲")
        before = text[max(0, start - 1):start]
        if after.startswith(_AGE_RANGE_AFTER) or before in "~-至到～、<>≤≥＜＞" or text[max(0, start - 4):start] in ("&lt;", "&gt;"):
            continue  # a range or a population ("90岁以上老人"), not one person's age
        out.append(_Cand(start, end, "AGE", "zh.age", 0.9))
    for m in _AGE_CN_RE.finditer(text):
        out.append(_Cand(m.start(), m.end(), "AGE", "zh.age.cn_numerals", 0.85))


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _surname_len(text: str, s: int, res: _Res) -> int:
    """Length of the surname (or name head) starting at s, 0 if there is none."""
    if text[s:s + 3] in _NAME_HEADS3:
        return 3
    if text[s:s + 2] in res.compound:
        return 2
    return 1 if s < len(text) and text[s] in res.surnames else 0


def _crosses_word(text: str, s: int, e: int, res: _Res) -> bool:
    """Whether a frequent word starts inside [s, e) and runs past e (the name would cut it)."""
    words = res.common
    for j in range(max(s, e - 2), e):
        for n in (2, 3):
            if j + n > e and text[j:j + n] in words:
                return True
    return False


def _given_ok(text: str, s: int, e: int, strict: bool) -> bool:
    """Whether text[s:e] can be the given name: Han characters that do not start a title or a word."""
    for i in range(s, e):
        c = text[i]
        if not _is_han(c) or c in _NON_NAME_CHARS or (strict and c not in _GIVEN_CHARS):
            return False
        if text.startswith(("宝宝", "宝贝", "大家", "孩子"), i):
            return False  # 祝宝宝早日康复
        if text.startswith(_TITLE_TUPLE, i):
            return False  # 杨大夫: 大夫 is the title, not the given name
    return True


def _plausible_name(text: str, s: int, e: int, k: int, res: _Res, strict: bool = False,
                    left_known: bool = False) -> bool:
    """A surname of length k at s plus 1-2 given characters up to e, not better read as words.

    Rejected: the whole candidate is a word (黄疸, 高血压), the surname ends the word before it
    (谢谢曲医生 -> 曲 alone; skipped when a context word ends right before s), or the surname and the
    first given character or the given name are a word (豆腐菜, 呼吸动, 曾间断) unless the given
    characters are common in names (白雪艳, 程欣怡) and the surname is not an everyday word too.
    """
    if not 1 <= e - s - k <= 2 or not _given_ok(text, s + k, e, strict):
        return False
    words = res.words
    if text[s:e] in words or (not left_known and s > 0 and text[s - 1:s + 1] in words):
        return False
    if k == 1 and text[s] in _AMBIGUOUS_SURNAMES:
        # 常常可, 祝健康, 应增强, 方案: no exception for frequent words after an ambiguous surname
        return text[s + 1] != text[s] and not (e - s == 3 and (text[s + 1:e] in res.common or text[s:s + 2] in res.common))
    if e - s - k == 2 and (text[s + k:e] in words or k == 1 and text[s:s + 2] in words):
        return all(c in _GIVEN_CHARS for c in text[s + k:e])
    return True


def _clear_right(text: str, e: int) -> bool:
    """A name really ends at e: punctuation, end of text, gender, a title or a bracketed note follow."""
    if e >= len(text) or not _is_han(text[e]):
        return True
    return text[e] in "男女说讲" or text.startswith(_TITLE_TUPLE, e)


_WEAK_PREFIXES = {"患者", "病人", "病患", "患儿"}  # often followed by a verb or a disease, not a name
_COUNT_CHARS = set("一二三四五六七八九十百千几两第每各本该")


def _prefix_name(text: str, s: int, res: _Res, weak: bool) -> tuple[int, int] | None:
    """A name right after a context word (患者张三, 其女李四): returns its span or None."""
    k = _surname_len(text, s, res)
    if not k:
        return None
    ambiguous = k == 1 and text[s] in _AMBIGUOUS_SURNAMES
    for e in (s + k + 2, s + k + 1):
        if e > len(text) or not _plausible_name(text, s, e, k, res, strict=ambiguous, left_known=True):
            continue
        if _crosses_word(text, s, e, res):
            continue  # the name would cut a word in two: 王明今日 -> 王明
        if ambiguous and (e - s == 2 or text[s] in _FUNCTION_SURNAMES) and not _clear_right(text, e):
            continue  # 于今日 / 高热: an ambiguous surname needs a clear end
        if weak and e - s == 2 and e < len(text) and _is_han(text[e]) and text[e] not in "男女" \
                and not text.startswith(_TITLE_TUPLE, e):
            continue  # 患者艾灸高血压: a two-character name after 患者 must end clearly
        return s, e
    return None


_NAMING_WORDS = {"叫", "我叫", "名叫", "叫做", "就诊人"}  # what follows is the name itself


def _called_name(text: str, s: int, res: _Res) -> tuple[int, int] | None:
    """After 叫/就诊人 a clause that is a surname plus one or two characters is the name, even when
    the given name is also a word (孩子叫曾红军，); a number after it means a drug (叫金双歧2周)."""
    k = _surname_len(text, s, res)
    for e in (s + k + 2, s + k + 1):
        if k and e <= len(text) and (e == len(text) or not text[e].isalnum()) \
                and _given_ok(text, s + k, e, strict=False) and text[s:e] not in res.words:
            return s, e
    return None


def _title_name(text: str, p: int, title_end: int, res: _Res) -> tuple[int, int] | None:
    """The name right before a title at p..title_end (张先生 -> 张, 王建国主任 -> 王建国)."""
    # full names first: their start must follow a boundary or a word such as 通知/是/的, unless the
    # surname is unambiguous and every given character is a common name character (随吴国华主任查房)
    for length in (5, 4, 3, 2):
        s = p - length
        if s < 0:
            continue
        k = _surname_len(text, s, res)
        if not k or not _plausible_name(text, s, p, k, res, strict=k == 1 and text[s] in _AMBIGUOUS_SURNAMES):
            continue
        if s == 0 or not _is_han(text[s - 1]) or text[s - 1] in _NAME_LEFT_CHARS \
                or text[max(0, s - 2):s] in _NAME_LEFT_WORDS \
                or text[s] not in _AMBIGUOUS_SURNAMES and all(c in _GIVEN_CHARS for c in text[s + k:p]):
            return s, p
    # a surname alone (李主任): it must not end the previous word (处方, 每周, 责任, 谢谢)
    for k in (3, 2, 1):
        s = p - k
        if s < 0 or _surname_len(text, s, res) != k:
            continue
        if k == 1:
            if text[s - 1:s] in _COUNT_CHARS:
                continue  # 九楼护士台: a floor, not Mr Lou
            after_context = text[s - 1:s] in ("是", "叫", "您") or text[max(0, s - 2):s] in _NAME_LEFT_WORDS
            if text[s] in _FUNCTION_SURNAMES and not (text[s] in "于向" and (
                    after_context or text.startswith(_PERSONAL_TITLES, p))):
                continue  # 但医生说, 向医生咨询, 爷爷和奶奶; but 是于大夫 and 于先生 are names
            if s > 0 and text[s - 1:s + 1] in res.words and not after_context:
                continue
            if text[s:title_end] in res.common:
                continue  # 班主任 is a word, not Mr Ban's title
            if text[s] in _AMBIGUOUS_SURNAMES and not (after_context or s == 0 or not _is_han(text[s - 1])
                                                         or text[s - 1] in _NAME_LEFT_CHARS and text[s - 1] not in "院组"):
                continue  # 转氨酶高医生建议, 大三阳大夫, 医院查医生说
        return s, p
    return None


def _field_names(text: str, res: _Res, out: list) -> None:
    """Names after a field label: 姓名：张三, 医师签名：李四/王五, 【手术者】赵六."""
    for m in _NAME_FIELD_RE.finditer(text):
        if m.end("value") < len(text) and text[m.end("value")].isdigit():
            continue  # 家属：病人今年51岁 is a sentence, not a field value
        spaced = m.group("ws") is not None  # "姓名 张三": without a colon only a surname-led value counts
        pos = m.start("value")
        for piece in re.split(rf"({_SP}*[/、]{_SP}*)", m.group("value")):
            s, e = pos, pos + len(piece)
            pos = e
            if not piece or not _is_han(piece[0]):
                continue
            t = _TITLE_END_RE.search(piece, 1)  # 陶大夫 -> 陶
            titled = t is not None
            if titled:
                e -= len(t.group())
            value = text[s:e]
            if value in _NOT_NAMES:
                continue
            k = _surname_len(text, s, res)
            if k and (k < e - s <= k + 2 or titled and e - s == k):
                out.append(_Cand(s, e, "NAME", "zh.name.field", 0.95))
            elif not spaced and (2 <= e - s <= 4 or "·" in value and e - s <= 12) and value not in res.words \
                    and not any(c in _NON_NAME_CHARS or c in "患人" for c in value):
                out.append(_Cand(s, e, "NAME", "zh.name.field", 0.7))


def _run_end(text: str, p: int, skip: str) -> int:
    """End of the text before p once the characters in skip (spaces, commas, brackets) are passed."""
    while p > 0 and text[p - 1] in skip:
        p -= 1
    return p


def _standalone_tokens(text: str):
    """Runs of 2-5 Han characters between line breaks, spaces or slashes."""
    first = _STANDALONE_START_RE.match(text)
    if first:
        yield first
    yield from _STANDALONE_RE.finditer(text)


def _name_before(text: str, e: int, res: _Res, need_left: bool) -> tuple[int, int] | None:
    """The name that ends a run of Han characters at e (住院期间姚健春 -> 姚健春)."""
    run_start = e
    while run_start > 0 and e - run_start < 8 and _is_han(text[run_start - 1]):
        run_start -= 1
    for length in (3, 2, 4, 5):
        s = e - length
        if s < run_start:
            continue
        k = _surname_len(text, s, res)
        if not k or not _plausible_name(text, s, e, k, res, strict=k == 1 and text[s] in _AMBIGUOUS_SURNAMES):
            continue
        before = text[run_start:s]
        if need_left and before and not (before[-1] in _NAME_LEFT_CHARS or before[-2:] in _NAME_LEFT_WORDS
                                         or before.endswith(tuple(_NAME_PREFIXES))):
            continue
        return s, e
    return None


def _names(text: str, res: _Res, out: list) -> None:
    _field_names(text, res, out)

    for m in _NAME_PREFIX_RE.finditer(text):
        word = m.group().rstrip("（(")
        if word == "叫" and m.start() and text[m.start() - 1] not in "，,：:我他她您名" \
                and not text.endswith(_CALLED_BY, 0, m.start()):
            continue  # 也叫羊癫疯, 又叫安博维: naming a thing
        if word != m.group() and not word.endswith(tuple(_KIN_WORDS)):
            continue  # a bracket after a kinship word holds a name (女儿（王丽）), after 通知 a document
        span = _prefix_name(text, m.end(), res, weak=word in _WEAK_PREFIXES)
        if not span and word in _NAMING_WORDS:
            span = _called_name(text, m.end(), res)
        if span:
            out.append(_Cand(*span, "NAME", "zh.name.context", 0.85))

    for m in _TITLE_RE.finditer(text):
        if not m.start() or not _is_han(text[m.start() - 1]):
            continue
        span = _title_name(text, m.start(), m.end(), res)
        if span:
            out.append(_Cand(*span, "NAME", "zh.name.title", 0.85))

    # gender or age after the name (范飞明，男，30岁): the run before may hold a context word
    for m in _GENDER_AFTER_RE.finditer(text):
        span = _name_before(text, _run_end(text, m.start(), " \t\u3000，,、（("), res, need_left=True)
        if span:
            out.append(_Cand(*span, "NAME", "zh.name.gender", 0.85))
    # a bracketed kinship note after the name (王芳（女儿）) is evidence enough
    for m in _KIN_AFTER_RE.finditer(text):
        span = _name_before(text, _run_end(text, m.start(), " \t\u3000"), res, need_left=False)
        if span:
            out.append(_Cand(*span, "NAME", "zh.name.kin", 0.85))

    for m in _FAMILY_AFTER_RE.finditer(text):
        span = _name_before(text, m.start(), res, need_left=True)
        if span:
            out.append(_Cand(*span, "NAME", "zh.name.family", 0.85))
    # after a department only a name that ends the clause: 内科治疗, 门诊随访 are not names
    for m in _DEPT_RE.finditer(text):
        if text[m.end() - 1:m.end() + 1] in res.words:
            continue  # 科普, 科学, 诊疗
        span = _prefix_name(text, m.end(), res, weak=True)
        if span and (span[1] == len(text) or not _is_han(text[span[1]])):
            out.append(_Cand(*span, "NAME", "zh.name.dept", 0.8))

    # a name standing alone between line breaks, slashes or spaces (signature lines)
    for m in _standalone_tokens(text):
        s, e = m.span(1)
        k = _surname_len(text, s, res)
        if not k:
            continue
        # in a 白雪艳/梁涵 signature pair, common name characters are enough
        paired = "/" in text[max(0, s - 1):e + 1]
        if not (_plausible_name(text, s, e, k, res, strict=True, left_known=True) or paired
                and 1 <= e - s - k <= 2 and _given_ok(text, s + k, e, strict=True) and text[s:e] not in res.words):
            continue
        if k == 1 and text[s] in _AMBIGUOUS_SURNAMES and e - s == 2 and not paired:
            continue  # 江X alone on a line may be a word; 金萍涵 or a 龙凯/尹悦珍 signature pair are names
        out.append(_Cand(s, e, "NAME", "zh.name.standalone", 0.7))

    # 小王 / 老李 as a form of address: label the surname
    for m in _XIAO_LAO_RE.finditer(text):
        if m.start() and text[m.start() - 1] not in "：:。！？!?\n\r\t 叫是找和跟给让":
            continue  # 老姜 in a list of foods, 大小X
        s = m.start(1)
        pair = text[s - 1:s + 1]
        if text[s] in _COMMON_SURNAMES and text[s] not in _AMBIGUOUS_SURNAMES \
                and (pair in res.xiao_lao or pair not in res.words):  # 老李, but not 老公
            out.append(_Cand(s, s + 1, "NAME", "zh.name.xiao_lao", 0.6))

    for m in _SURNAME_GIVEN_RE.finditer(text):  # 我姓王
        s, e = m.span(1)
        if _surname_len(text, s, res) == e - s:
            out.append(_Cand(s, e, "NAME", "zh.name.surname", 0.8))

    for m in _EN_TITLE_RE.finditer(text):
        out.append(_Cand(m.start(1), m.end(1), "NAME", "zh.name.en_title", 0.8))


# --------------------------------------------------------------------------------------------------
# Places: facilities, addresses, cities
# --------------------------------------------------------------------------------------------------


def _place_at(text: str, s: int, res: _Res) -> int:
    """End of a known place name (with its suffix, or a city stem) starting at s, else 0."""
    for n in (6, 5, 4, 3, 2):
        if s + n <= len(text) and text[s:s + n] in res.places:
            return s + n
    for n in (4, 3, 2):
        if s + n <= len(text) and text[s:s + n] in res.city_stems:
            return s + n
    return 0


_GENERIC_FACILITY_RE = re.compile(_alt(_GENERIC_FACILITY_WORDS) + r"|[\d一二三四五六七八九十]")


def _distinctive(name: str) -> bool:
    """Whether a facility name keeps two characters once generic words are removed."""
    return len(_GENERIC_FACILITY_RE.sub("", name)) >= 2


def _head_end(text: str, p: int) -> int:
    """End of a well-known hospital name or a province name starting at p, else 0."""
    m = _FACILITY_HEAD_RE.match(text, p)
    return m.end() if m else 0


def _unit_named(text: str, cut: int, i: int, res: _Res) -> int | None:
    """Start of the unit name in 门头沟镇卫生院 / 现新城镇卫生院 (the facility type starts at i)."""
    um = _UNIT_BEFORE_TYPE_RE.search(text, max(cut, i - 12), i)
    if not um:
        return None
    u = um.start()
    if text[u - 1:u + 1] in _NOT_UNIT_NAMES:
        return None  # 社区医院, 乡镇卫生院
    for n in (4, 3, 2):  # a known word or place decides where the name starts (现|新城镇)
        stem = text[u - n:u]
        if u - n >= cut and (stem in res.words or stem in res.city_stems or stem + text[u] in res.places):
            return u - n if stem not in _NOT_UNIT_NAMES else None
    stem = text[cut:u]
    if 2 <= len(stem) <= 4 and all(map(_is_han, stem)) and stem not in _NOT_UNIT_NAMES and stem[0] not in "本该我这那各每全某当其":
        return cut
    return None


def _facilities(text: str, res: _Res, out: list) -> None:
    prev_end = 0  # a name never reaches back into the facility before it (县医院和市人民医院)
    for m in _FACILITY_RE.finditer(text):
        i = m.start()
        j = i
        while j > prev_end and i - j < 24 and (_is_han(text[j - 1]) or text[j - 1].isdigit()):
            j -= 1
        prev_end = m.end()
        # cut after the last word that ends the sentence before the name (在, 到, 转入...)
        cut = j
        for q in range(i - 1, j - 1, -1):
            if text[q] in _FACILITY_STOP:
                cut = q + 1
                break
        start, score = None, 0.0
        for p in range(max(j, cut - 3), i):
            end = _place_at(text, p, res) or _head_end(text, p)
            if end and (p >= cut or end >= cut):  # the stop character may be part of the place: 本溪市
                start, score = p, 0.9
                break
        if start is None:
            k = text.find("大学", cut, i)
            if k < 0:
                k = text.find("医学院", cut, i)
            if k >= 0:
                start, score = max(cut, k - 4), 0.85
        if start is None:
            start = _unit_named(text, cut, i, res)
            score = 0.9  # the unit name is checked there: 大东镇 keeps only one non-generic character
        if start is None:
            # an admin unit not in the gazetteer: 龙泉镇卫生院, 迎宾社区卫生服务中心 after 某区
            am = _ADMIN_UNIT_RE.match(text, cut, i)
            stem = text[cut:am.end() - 1] if am else ""
            if am and text[am.end() - 2:am.end()] not in _NOT_PLACES and stem not in res.words \
                    and not any(c in _NON_NAME_CHARS for c in stem):
                start, score = cut, 0.8
        if start is None:
            continue  # 当地医院, 正规医院, 痔疮专科医院: no name, not PHI
        if score < 0.9 and not _distinctive(text[start:i]):
            continue  # 县人民医院 / 市中心医院: only generic words
        out.append(_Cand(start, m.end(), "FACILITY", "zh.facility", score))
    for m in _EN_FACILITY_RE.finditer(text):  # English names in mixed text
        out.append(_Cand(m.start(), m.end(), "FACILITY", "zh.facility.en", 0.75))


def _address_from(text: str, pos: int) -> tuple[int, int]:
    """Consume address parts from pos; returns (end, number of parts)."""
    end, parts, limit = pos, 0, min(len(text), pos + 80)
    while end < limit:
        m = _ADDRESS_PARTS.match(text, end, limit)
        if not m or m.end() == end:
            break
        end, parts = m.end(), parts + 1
    return end, parts


def _is_street_level(value: str) -> bool:
    return bool(re.search(r"[路街巷弄道里村组号栋幢室单元]|小区|花园|家园|公寓|\d+-\d+", value))


def _addresses(text: str, res: _Res, out: list) -> None:
    starts: dict[int, float] = {}
    for m in _ADDRESS_KEY_RE.finditer(text):
        starts[m.end()] = 0.9
    for m in _PROVINCE_RE.finditer(text):
        starts.setdefault(m.start(), 0.85)
    for m in _ADMIN_SUFFIX_RE.finditer(text):
        i = m.start()
        for n in (5, 4, 3, 2):
            if i - n + 1 >= 0 and text[i - n + 1:i + 1] in res.places:
                starts.setdefault(i - n + 1, 0.85)
                break
    covered = -1  # a place inside a chain already read starts no new one (only a keyword does)
    for s in sorted(starts):
        keyed = starts[s] >= 0.9
        if s < covered and not keyed:
            continue
        end, parts = _address_from(text, s)
        covered = max(covered, end)
        value = text[s:end]
        if parts >= 2 and _is_street_level(value) or parts >= 1 and keyed and _is_street_level(value):
            out.append(_Cand(s, end, "ADDRESS", "zh.address", starts[s]))
        elif parts >= 2 and keyed and value[-1] in "区县镇乡":
            out.append(_Cand(s, end, "ADDRESS", "zh.address", 0.8))  # 住址：朝阳区 / 某县某镇


def _cities(text: str, res: _Res, out: list) -> None:
    # after a context word: an optional province, then the city (with or without 市)
    for m in _CITY_KEY_RE.finditer(text):
        s = m.end()
        pm = _PROVINCE_RE.match(text, s)
        if pm:
            after = _place_at(text, pm.end(), res)
            if after and text[after - 1] not in "区县":
                s = pm.end()  # 湖北省武汉市 / 江苏无锡: the province is not labelled
        e = _place_at(text, s, res)
        if e and text[s:e] not in _NOT_PLACES and text[e - 1] not in "区县":
            if text[e:e + 1] == "市":
                e += 1
            out.append(_Cand(s, e, "CITY", "zh.city.context", 0.85))
    # a city with 市 anywhere (信阳市), or a bare city before 人/工作/十几年
    for m in re.finditer(r"市", text):
        i = m.start()
        for n in (4, 3, 2):
            s = i - n
            if s >= 0 and text[s:i] in res.city_stems and text[s:i + 1] not in _NOT_PLACES:
                out.append(_Cand(s, i + 1, "CITY", "zh.city", 0.75))
                # a county or district right after the city is one too (丹东市宽甸县 发热门诊); with a
                # street after it the address recognizer takes the whole chain instead
                for k in (5, 4, 3, 2):
                    county = text[i + 1:i + 1 + k]
                    if county[-1:] in ("县", "区", "旗") and county in res.places:
                        out.append(_Cand(i + 1, i + 1 + k, "CITY", "zh.city.county", 0.75))
                        break
                break
    # a well-known city alone (我们在梧州，济南应该还有, 广东贵阳): it must start a word and not begin a
    # longer one (湖南宁乡 holds no 南宁, 大理石 no 大理)
    for m in res.city_re.finditer(text):
        s, e = m.span()
        if s and _is_han(text[s - 1]) and not text.endswith(_REGION_TUPLE, max(0, s - 5), s) \
                and (text[s - 1] not in _CITY_LEFT_CHARS or text[s - 1:s + 1] in res.words):
            continue
        if text[s:e + 1] in res.words or text[s:e + 2] in res.words:
            continue
        out.append(_Cand(s, e + (text[e:e + 1] == "市"), "CITY", "zh.city.alone", 0.7))
    # only well-known cities here, after a clear start: 我是无锡人, 去过武汉工作 (not 其中和生活)
    for m in _CITY_AFTER_RE.finditer(text):
        e = m.start()
        if not e or not _is_han(text[e - 1]):
            continue
        for n in (4, 3, 2):
            s = e - n
            if s >= 0 and text[s:e] in _MAJOR_CITIES and (s == 0 or not _is_han(text[s - 1])
                                                          or text[s - 1] in "在去来回从到是住于省"):
                out.append(_Cand(s, e, "CITY", "zh.city.context", 0.75))
                break


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def _resolve(cands: list[_Cand]) -> list[PhiSpan]:
    """Non-overlapping spans: higher score first, then the longer span, then the earlier one."""
    kept_starts: list[int] = []
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-c.score, -(c.end - c.start), c.start)):
        if c.end <= c.start:
            continue
        i = bisect.bisect_left(kept_starts, c.start)
        if i > 0 and kept[i - 1].end > c.start:
            continue
        if i < len(kept) and kept[i].start < c.end:
            continue
        kept_starts.insert(i, c.start)
        kept.insert(i, c)
    return [PhiSpan(c.start, c.end, c.label, c.recognizer, c.score) for c in kept]


def detect(text: str) -> list[PhiSpan]:
    """PHI spans in Chinese (or mixed Chinese/English) clinical text, sorted and non-overlapping."""
    if not isinstance(text, str) or not text:
        return []
    res = _res()
    out: list[_Cand] = []
    _numbers(text, out)
    _dates(text, out)
    _ages(text, out)
    _facilities(text, res, out)
    _addresses(text, res, out)
    _cities(text, res, out)
    _names(text, res, out)
    return _resolve(out)

