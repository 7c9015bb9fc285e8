package inquiry_test

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/inquiry"
)

// A case-1-like inquiry — two adults and a child of eight, ten days in
// Europe, history and food, 28 000 CNY a person — qualified after the
// first answer and turned into a recommendation list.
func ExampleRecommend() {
	q := case1Inquiry()
	if err := q.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	_ = q.Respond(inquiry.Exchange{At: q.ReceivedAt.Add(30 * time.Minute), By: "chen", Question: "Any dates fixed?", Answer: "Around 1 May"})
	_ = q.Apply(inquiry.Qualify, inquiry.Input{At: q.ReceivedAt.Add(time.Hour), By: "chen"})
	fmt.Println(q.ID, q.Status)

	l, err := inquiry.Recommend(q.Needs, nil, exampleCatalogue(), 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = inquiry.RenderListText(os.Stdout, l, language.SimplifiedChinese)
	// Output:
	// INQ-1 qualified
	// 产品推荐清单
	//
	// 1. 欧洲经典十日（巴黎、罗马、巴塞罗那） (EU-CLASSIC-10)
	//    出发 2027年5月1日 星期六 · 10 天 · 每人 ￥27,800.00 · 合计 ￥83,400.00 · 得分 159
	//          20  预算内：￥27,800.00，预算￥28,000.00以内
	//          72  兴趣匹配：历史 8×9
	//          42  兴趣匹配：美食 6×7
	//          10  当季：适合5月出行
	//          10  节奏：适中，需求适中
	//           5  酒店等级：4星，需求4星
	//
	// 2. 意大利美食九日 (IT-FOOD-9)
	//    出发 2027年4月30日 星期五 · 9 天 · 每人 ￥29,900.00 · 合计 ￥89,700.00 · 得分 118.43
	//        6.43  超出预算：超出预算￥28,000.00的6.79%
	//          32  兴趣匹配：历史 8×4
	//          60  兴趣匹配：美食 6×10
	//          10  当季：适合4月出行
	//           5  节奏：轻松，需求适中
	//           5  酒店等级：4星，需求4星
	//
	// 未推荐的产品
	//    CH-ALPS-10  超出预算上限：￥33,000.00超出预算￥28,000.00的17.86%，超过10%的浮动范围
	//    JP-KYOTO-8  目的地不符：前往Japan
}
