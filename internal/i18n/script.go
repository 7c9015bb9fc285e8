package i18n

import "strings"

// simplifiedOnly are characters of Simplified Chinese whose Traditional
// forms differ (报/報, 价/價, …): a Traditional Chinese text with one of
// them fell back to Simplified somewhere.
const simplifiedOnly = "" +
	"与业东丝丢两严丧个丰临为丽举么义乐乡书买乱争于亏云亚产亲亿仅从仓们价众优会伟传伤伦体余佣侠债倾偿储儿兑兰关兴养兽内写军农" +
	"冲决况冻净凉减凑几凤凭击凿划则刚创删别刹刽剂剧办务动劳势勋区医华协单卖卢卫却厂厅历压厌县参双发变叙叠台号叹后吗吨启员呜咨" +
	"响哑团园围国图圆圣场坏块坚坛垫墙处备复头夹夺奋奖妇妈娱婴孙学宁宝实宠审宪宫宽宾对寻导将尔尘尝尽层属岁岛峡币师帐带帮并广庆" +
	"库应庙废开异弃张弹强归当录彻径忆怀态总恋恳恶悦惊惯愤愿戏战户执扩扫扬扰抚抢护报担拟拥择挂挡挥损换据掷携摄摆摊敌数断无旧时" +
	"显晋晓晕暂术机杀杂权条来杨极构枪标栏树样档桥检楼欢欧残毁毕气汇汉汤沟没沪泪泽洁浅测济浏润涨涩渐温游湾湿滚滞满滩灭灯灵灾炉" +
	"点炼烦热爱爷牵状犹独狮环现琐电画畅疗疯盐监盖盘着码础硕确礼祸离种积称税稳穷窃竞笔笼签简类粮紧纠红约级纪纯纳纷纸线练组细织" +
	"终经结绕绘给络绝统继绩续维综绿缓缔编缘缩缴网罗罚职联聪肃胁胜脑脚脸腊舍舰舱艺节范荐药莱获营萨蓝虑虽蚀衔补袭装见观规视览觉" +
	"计订认让议讯记讲许论讼设访证评识诉词译试诗诚话询该详语误说请诸诺读课谁调谈谢谨谱负责败账货质购贯贴贵贷贸费资赎赏赔赖赛赞" +
	"赠赵趋跃践踪车轨转轮软轻载较辆辈辑输边达迁过运还这进远违连迟适选递逻遗邮邻郑酱释里鉴针钟钢钱铁银链销锁错锦键镇长门闭问闲" +
	"间闻阅阈队阳阴阶际陆陈险随隐隶难雾静韩顶项顺须顾预领频题颜额风飞饭饮饰馆馈马驳驶驾验鱼鸟黄齐龄龙"

// Simplified returns the characters of s that are written differently in
// Traditional Chinese, each once, in order: empty for a text that reads as
// Traditional Chinese.
func Simplified(s string) string {
	var out strings.Builder
	for _, r := range s {
		if strings.ContainsRune(simplifiedOnly, r) && !strings.ContainsRune(out.String(), r) {
			out.WriteRune(r)
		}
	}
	return out.String()
}
