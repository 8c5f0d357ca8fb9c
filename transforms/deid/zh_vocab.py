"""Hand-written vocabulary of the Chinese PHI recognizers: general knowledge of Chinese names, places
and clinical documents (surnames, titles, field labels, kinship words, cities, facility types)."""

from __future__ import annotations

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
SP = r"[ \t\u3000]"  # spaces inside a line, the ideographic space included

# Common modern surnames that faker's weighted list lacks or spells with a variant (萧/肖, 阎/闫).
EXTRA_SURNAMES = (
    "肖闫付买覃岳尹邱庞雷卢詹乔翟牛隋闵靳冉粟揭宁佘晏麦莫兰穆嵇滕蔺栾谌眭甄禹逯臧鄢鞠亓仝琚"
    "桂蒲蓝兰凌殷阮邝湛温冼招佟那扈郗訾郜寇阙芦钮郦郎"
)
# Compound surnames, and heads of Tibetan names that play the surname's role in a name.
COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 皇甫 慕容 东方 夏侯 尉迟 公孙 令狐 司徒 端木 长孙 宇文 轩辕 澹台 独孤 南宫 西门 "
    "万俟 闻人 呼延 钟离 申屠 太史 公冶 濮阳 淳于 单于 赫连 百里 东郭 司空 左丘 拓跋 完颜 "
    "扎西 次仁 卓玛 达瓦 格桑 央金 洛桑 尼玛 多吉 旦增 平措 顿珠 拉巴 索朗 次旦 白玛 德吉 曲珍 普布 边巴 益西 桑吉"
).split()
# The hundred most common surnames: 小X / 老X is an address only with one of these.
COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Three-character heads of Uygur names written without the middle dot (阿不都热合曼).
NAME_HEADS3 = set("阿不都 阿布都 阿卜杜 买买提 艾尔肯 吐尔逊 阿依古 热依汗 努尔兰".split())
# Surnames that are also everyday words or function characters (于 as preposition, 黄 in 黄疸,
# 常 in 正常...): outside a field label they need a clear name shape to count.
AMBIGUOUS_SURNAMES = set(
    "于和向时万周方常高白黄石林文明江金田毛龙云路车谷关齐米党信门年位从同及由是元全原双单史台合后多安"
    "宁左平应康强成战房支新易景曲望木权来查正水池沙海满火相督祝种空符第简管红终经能良色花"
    "血衣表解言计诸通都银长阳阿雪青风首香麻黑包丰利归那曾艾冶"
)
# Surnames that are mostly function words (prepositions, conjunctions, adverbs): never a surname-only
# name before a title (向医生咨询, 和医生沟通, 但医生说, 时医生的报告), except 于/向 in 是于大夫, 于先生.
FUNCTION_SURNAMES = set("向于和同及从由对为将与但那时是也还就又再可才该其此每各本而且若如即乃之这哪都只仅很太更最越却便倒并来")
# Characters common in given names (used where there is no other evidence, e.g. signature lines).
GIVEN_CHARS = set(
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
NON_NAME_CHARS = set(
    "的了是在因于和与及或等我你他她它们这那有无不也都就还被把将对从向到为以个些岁天次时后前行予给经诉述伴"
    "并其该今昨日月年周分秒每各某本此即已曾又再才仅只很较更最未没非否病症痛炎血压糖尿肿瘤癌心肝脾肺肾胃"
    "肠胆骨头颈胸腹背腰腿足手臂眼耳鼻口舌牙皮肤检查治疗服药片粒支入出院诊术查房科室号床例名位男女性左右"
    "上下内外中部侧处见示显约余多少量高低热咳喘吐泻便尿汗晕麻木肿胀酸软感觉现发伴起来去回看说问答谢请吗"
    "呢吧啊哦嗯呀嘛啦之所而且但若如虽因此故则您咱俺州省市县区镇乡村路街代患"
)
# Titles and roles written right after a name: 张先生, 李主任, 王医生 (the title is not PHI).
TITLES = (
    "主任医师 副主任医师 主治医师 住院医师 主管医师 主任 副主任 医师 医生 大夫 教授 副教授 博士 老师 先生 女士 小姐 太太 "
    "护士长 护士 护师 院长 副院长 科长 处长 书记 主管 组长 阿姨 奶奶 爷爷 大爷 大妈 大娘 大伯 大叔 大哥 大姐 "
    "老太太 老太 老伯 师傅 同志"
).split()
TITLE_TUPLE = tuple(TITLES)
# Titles that only follow a person's name (向医生咨询 is "ask the doctor", 于先生 is Mr Yu).
PERSONAL_TITLES = ("先生", "女士", "小姐", "太太", "阿姨", "奶奶", "爷爷", "大爷", "大妈", "大娘", "大伯", "大叔", "老太")
# Field labels whose value is a person's name (姓名：张三, 医师签名：李四, 【手术者】王五).
NAME_FIELDS = (
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
NAME_PREFIXES = (
    "患者 病人 病患 患儿 家属 配偶 丈夫 妻子 爱人 老伴 其夫 其妻 其子 其女 之子 之女 儿子 女儿 儿媳 女婿 孙子 孙女 "
    "外孙 外孙女 侄子 侄女 外甥 外甥女 父亲 母亲 哥哥 姐姐 弟弟 妹妹 叫做 名叫 我叫 叫 我是 通知 告知 已与 "
    "谢谢 感谢 委托 陪同 陪护 医生 医师 大夫 主任 护士 护士长 护师 教授 就诊人 联系人 紧急联系人"
).split()
# Kinship words before a name (其女儿王芳) or in brackets after it (王芳（女儿）).
KIN_WORDS = (
    "儿子 女儿 配偶 丈夫 妻子 爱人 父亲 母亲 孙子 孙女 外孙 外孙女 侄子 侄女 儿媳 女婿 哥哥 姐姐 弟弟 妹妹 兄弟 "
    "姐妹 外甥 外甥女 朋友 同事 保姆 护工 监护人 老伴 舅舅 姑姑 阿姨 叔叔"
).split()
KIN_NOTES = KIN_WORDS + ["本人", "患者", "家属"]
# Characters or words right before a name that end the previous word (的王医生, 是李主任, 心内科黄医生,
# 今日张明医生).
NAME_LEFT_CHARS = set("的是叫请找问给和与跟向被由让位及谢为对经知诉把将随同邀约嘱科室院组、")
NAME_LEFT_WORDS = set(NAME_PREFIXES) | set("今日 今天 昨日 昨天 次日 当日 邀请 通知 告知 联系 感谢 谢谢 期间 随后".split())
# Values of a name field that are not names.
NOT_NAMES = set("不详 未知 无 本人 自己 患者 病人 家属 同上 未填 暂无 空 见上 签名 医师 医生 护士".split())

PROVINCE_STEMS = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 "
    "贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
# Prefecture-level and other major cities (stems, without 市), adding to jieba's place names.
CITY_STEMS = (
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
MAJOR_CITIES = frozenset(CITY_STEMS)
# Cities that are also everyday words or given names (日照 sunshine, 来宾 guest, 桂林 in 张桂林): named
# alone only after a context word (来自, 去过) or with 市, never by the bare-name scan.
AMBIGUOUS_CITIES = set(
    "保定 包头 开封 大同 日照 安康 来宾 白银 长治 常熟 平凉 清远 自贡 遵义 怀化 营口 通化 天水 吉林 朝阳 "
    "黄山 中山 北海 黄石 永安 海口 大理 白山 四平 黑河 中卫 吴忠 金华 玉林 桂林 嘉兴 许昌 常德 承德 龙岩 吉安 伊春".split()
)
# Well-known foreign cities, and countries that may come before a city (现居日本东京) as a province does.
FOREIGN_CITIES = "东京 大阪 首尔 纽约 伦敦 巴黎 悉尼 墨尔本 多伦多 温哥华 洛杉矶 旧金山 曼谷 迪拜".split()
COUNTRIES = "日本 韩国 美国 英国 法国 德国 意大利 西班牙 加拿大 澳大利亚 新西兰 新加坡 泰国 马来西亚 俄罗斯 印度".split()
# What may come right before a city named alone: 在/住/去/跟/的 (我们在梧州, 所在的福州) or punctuation.
CITY_LEFT_CHARS = set("在住去来回从到是于跟和与自往赴过经离及或为的、")
# Well-known hospital names that carry no place name (北京协和医院 is found by 北京 anyway).
FAMOUS_HOSPITAL_HEADS = (
    "协和 华西 湘雅 同济 瑞金 仁济 华山 中山 齐鲁 西京 唐都 长海 长征 新华 天坛 宣武 安贞 阜外 积水潭 同仁 友谊 "
    "朝阳 中日友好 解放军总 武警总 海军总 空军总 301 北大 北医 中大 浙大 复旦 湘雅二 华西二 儿研所 邵逸夫 "
    "逸夫 九院 六院 鼓楼"
).split()
# Facility types; a named one of these is FACILITY.
FACILITY_TYPES = (
    "社区卫生服务中心 社区卫生服务站 卫生服务中心 妇幼保健院 妇幼保健所 疾病预防控制中心 医院 卫生院 保健院 诊所 门诊部 "
    "疗养院 康复中心 医学中心 体检中心 急救中心 疾控中心 卫生室 养老院 敬老院 护理院 血站"
).split()
# Words that make a facility generic, not a named place (当地医院, 正规医院, 县人民医院).
GENERIC_FACILITY_WORDS = (
    "当地 正规 专业 专科 综合 综合性 大型 小型 大 小 好 私立 公立 民营 私人 个体 社区 基层 上级 下级 附近 周边 其他 别的 "
    "各级 各大 各 三甲 三级 二甲 二级 一级 甲等 乙等 定点 整形 美容 男科 妇科 妇产 产科 儿童 儿科 妇幼 中医 西医 "
    "中西医结合 肿瘤 口腔 牙科 眼科 耳鼻喉 皮肤 皮肤病 骨科 精神 精神病 传染病 胸科 结核病 人民 中心 第一 第二 第三 第四 第五 "
    "第六 第七 第八 第九 第十 附属 省 市 县 区 镇 乡 村 医学 医科 大学 军队 部队 军区 总 分 新 老 该 本 外 我 某 同一 "
    "不同 多家 几家 哪家 一家 这家 那家 知名 著名 权威 专门 普通 一般 正规的 大的 县级 市级 省级 地级 乡镇 区级 国家"
).split()

# Dictionary words ending in 区/县/市 that are not places (社区获得性肺炎, 听诊区, 疫区).
NOT_PLACES = set(
    "社区 小区 疫区 城区 市区 郊区 景区 山区 灾区 禁区 校区 园区 新区 地区 特区 辖区 片区 病区 分区 开发区 保护区 "
    "风景区 居住区 住宅区 商业区 工业区 生活区 办公区 试验区 示范区 经济区 高新区 老城区 老区 上市 城市 都市 门市 "
    "超市 股市 夜市 集市 黑市 闹市 全市 本市 该市 各市 省市 县市 农村 全县 本县 该县 各县 郡县 州县 盲区 误区 "
    "大城市 小城市 中小城市 特大城市 牧区 矿区 林区 社区卫生 听诊区 心前区 上腹区 下腹区 功能区 感觉区 运动区 语言区 视区 分水岭区 交界区 高发区".split()
)

# --- checks on the tagger's person names in free text (zh_person)
# Drug names (阿奇, 易坦静, 妈咪爱) look like transliterated names to the tagger; their context does not:
# a dosage form, a dose or an effect after them, a verb of taking before them.
DRUG_AFTER = tuple(
    "片 粒 颗粒 胶囊 口服 糖浆 混悬 注射 针 滴 喷 软膏 乳膏 膏 丸 散 冲剂 霉素 缓释 控释 肠溶 分散 泡腾 咀嚼 贴 栓 合剂 "
    "溶液 悬液 气雾 喷雾 滴注 滴剂 吸入 雾化 类 剂 药 每天 每日 一次 每次 两次 三次 治疗 效果 有效 副作用 过敏 mg ml".split()
)
DRUG_BEFORE = tuple(
    "吃 服 喝 用 输 涂 抹 含 换 加 停 予 口服 服用 开了 开的 打了 静滴 雾化 换成 改用 配合 联合 联用 "
    "买了 买点 开点 给予 予以".split()
)
# Characters of medical talk (drugs, symptoms, care): near them only a span shaped like a Chinese name is
# taken, and their share of a text tells clinical text from chat.
MEDICAL_CHARS = frozenset("药病症痛炎咳嗽痰疹诊疗霉剂菌肿瘤癌疼痒泻呕检脉膜腺髂膈骶囊粒钙锌酸钠医患")
# ... and the words of organs, body fluids, stools, pregnancy and feeding that health questions and
# doctor-patient chat use, whose characters count as medical too: words, because their characters are
# everyday ones elsewhere (顺便, 衣服, 舒服, 疫情, 皮肤, 染发, 喂，在吗; 欧巴, 照片, 输了, 烧烤, 吐槽, 滴滴, 针对)
HEALTH_WORDS = tuple("""
淋巴 药片 片剂 输液 输血 发烧 高烧 低烧 退烧 烧伤 呕吐 吐奶 吐了 点滴 滴眼 滴剂 头晕 晕厥 眩晕 子宫 宫颈 宫缩 打针
针灸 针剂 病毒 中毒 消毒 毒素
大便 小便 便秘 便便 稀便 便血 拉屎 肝功 肝炎 乙肝 肝病 肝脏 脂肪肝 转氨酶 胃痛 胃病 胃炎 胃酸 肠胃 胃肠 肠炎 肠道
肺炎 肺部 肾病 肾炎 肾脏 血压 血糖 血常规 血小板 血液 验血 抽血 出血 贫血 尿液 尿检 尿酸 尿道 尿量 怀孕 孕期
孕妇 孕周 备孕 早孕 腹泻 腹痛 腹胀 腹部 胸闷 胸痛 胸片 心脏 骨折 黄疸 感染 传染 服用 口服 内服 喂奶 喂养 母乳
疫苗 接种 免疫 口腔 鼻腔 腹腔 体温 退烧 发热
""".split())
# Function words: a tagged name that ends in one ran into the next word (林涛我, 小敏他).
FUNCTION_CHARS = frozenset("的了是在和与及或等我你他她它们这那有无不也就还被把将对从到为以个些岁次给")
# Function words and body or disease characters that do not occur in given names (肛周, 黄腻, 神志清).
NOT_IN_GIVEN_NAMES = FUNCTION_CHARS | frozenset(
    "病症痛炎癌瘤疹痒咳嗽痰尿肛腹胸腰腿肺肝肾胃肠脾胆骨颈肤眼鼻耳舌牙腻部侧处药片粒剂针术查诊治疗院科室床"
)
# Interjections the tagger sometimes reads as a doubled pet name (恩恩, 奥奥).
INTERJECTIONS = frozenset("嗯恩哦噢奥喔啊哈呵嘿嘻呀哇")
