package contract

import (
	"cmp"
	"fmt"
	"github.com/travelkit/travelkit/document"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// words are the fixed texts of the documents in one language.
type words struct {
	zh bool
	f  *pricing.Formatter

	contract, supplement, number, template, booking, revision                        string
	parties, agency, licence, scopes, address, phone, email, staff, localOp, contact string
	travellers, document, expires, child, adult                                      string
	sheet, route, departure, stops, destination, ret, dates, days, nights            string
	day, hotel, grade, checkIn, meal, sight, minTime, free, shop, optional           string
	price, adultPrice, childPrice, guideFee, guideTotal, total, method, schedule     string
	group, minSize, consentTransfer, consentPostpone, consentRoute, consentTerminate string
	consentMerge, notGroup, insurance, cancellation, travellerScale, agencyScale     string
	notFormed, daysOrMore, daysRange, departureDay, dispute, arbitration, court      string
	complaint, supervisor, eu, formalities, insolvency, localContact, complaints     string
	priceRevision, minNumber, annex3, annex4, signing, place, signDate               string
	travellerSign, agencySign, none, letter, lead, roster, services, supplierRef     string
	breakdown, terms, emergency, requirements, unconfirmed, signed                   string
	askRequirements, callAgency                                                      string
	requests, dietary, mobility, room, occasion                                      string
	nightsN, daysN                                                                   string
	scopeNames                                                                       map[Scope]string
	insuranceNames                                                                   map[Insurance]string
	kinds                                                                            map[pricing.InstalmentKind]string
	modes                                                                            map[string]string
	meals                                                                            map[string]string
	statuses                                                                         map[booking.ServiceStatus]string
}

func wordsFor(lang language.Tag) words {
	if human.IsZh(lang) {
		return words{zh: true, f: pricing.NewFormatter(lang),
			contract: "旅游合同", supplement: "补充协议", number: "合同编号", template: "示范文本", booking: "预订编号", revision: "版本",
			parties: "合同当事人", agency: "旅行社", licence: "经营许可证编号", scopes: "经营范围", address: "地址", phone: "电话", email: "电子邮箱",
			staff: "经办人", localOp: "地接社", contact: "联系方式",
			travellers: "旅游者名单", document: "证件号码", expires: "有效期至", child: "儿童", adult: "成人",
			sheet: "行程单", route: "线路", departure: "出发地", stops: "途经地", destination: "目的地", ret: "返回地", dates: "行程日期",
			days: "天数", nights: "住宿晚数",
			day: "第%d天", hotel: "住宿", grade: "等级", checkIn: "入住", meal: "用餐", sight: "游览", minTime: "游览时间不少于", free: "自由活动",
			shop: "购物场所", optional: "另行付费项目",
			price: "旅游费用及支付", adultPrice: "成人价格", childPrice: "儿童价格", guideFee: "导游服务费（每人）", guideTotal: "导游服务费（合计）",
			total: "旅游费用合计", method: "支付方式", schedule: "付款计划",
			group: "成团约定", minSize: "最低成团人数", consentTransfer: "委托其他旅行社履行", consentPostpone: "延期出团",
			consentRoute: "改签其他线路", consentTerminate: "解除合同", consentMerge: "拼团", notGroup: "非团队旅游",
			insurance: "人身意外伤害保险", cancellation: "解除合同及违约责任", travellerScale: "旅游者解除合同的费用", agencyScale: "旅行社解除合同的违约金",
			notFormed: "不成团通知期限（出发前）", daysOrMore: "出发前%d日以上", daysRange: "出发前%d日至%d日", departureDay: "出发当日",
			dispute: "争议解决", arbitration: "提交%s仲裁", court: "依法向%s起诉",
			complaint: "旅游质监投诉电话", supervisor: "旅游质监机构", eu: "欧盟包价旅游信息",
			formalities: "护照、签证及健康手续", insolvency: "破产保护", localContact: "当地联系人", complaints: "投诉处理",
			priceRevision: "价格调整", minNumber: "最低人数", annex3: "附件3 购物场所", annex4: "附件4 另行付费项目",
			signing: "签署", place: "签约地点", signDate: "签约日期", travellerSign: "旅游者（代表）签字", agencySign: "旅行社盖章及经办人签字",
			none: "无", letter: "预订确认函", lead: "联系人", roster: "旅客名单", services: "服务明细", supplierRef: "供应商确认号",
			breakdown: "费用明细", terms: "取消条款", emergency: "紧急联系", requirements: "证件要求", askRequirements: "护照和签证要求请向您的旅游顾问确认", callAgency: "旅行社电话 ", unconfirmed: "待确认", signed: "已签署", nightsN: "%d晚", daysN: "%d日",
			requests: "特殊要求", dietary: "饮食", mobility: "行动", room: "房间", occasion: "纪念日/特别场合",
			scopeNames:     map[Scope]string{ScopeDomestic: "国内旅游", ScopeInbound: "入境旅游", ScopeOutbound: "出境旅游"},
			insuranceNames: map[Insurance]string{InsuranceEntrust: "委托旅行社购买", InsuranceSelf: "自行购买", InsuranceWaive: "放弃购买"},
			kinds:          map[pricing.InstalmentKind]string{pricing.InstalmentDeposit: "定金", pricing.InstalmentBalance: "尾款", pricing.InstalmentFull: "全款"},
			modes:          map[string]string{"flight": "航班", "rail": "火车", "coach": "大巴", "ferry": "渡轮", "transfer": "接送"},
			meals:          map[string]string{"breakfast": "早餐", "lunch": "午餐", "dinner": "晚餐"},
			statuses: map[booking.ServiceStatus]string{booking.Requested: "已申请", booking.OnRequest: "待供应商确认", booking.ServiceConfirmed: "已确认",
				booking.Declined: "已拒绝", booking.ServiceCancelled: "已取消"},
		}
	}
	return words{f: pricing.NewFormatter(lang),
		contract: "Travel contract", supplement: "Supplement", number: "Contract no.", template: "model text", booking: "Booking", revision: "revision",
		parties: "Parties", agency: "Travel agency", licence: "Licence no.", scopes: "Licensed for", address: "Address", phone: "Phone", email: "E-mail",
		staff: "Handled by", localOp: "Local operator", contact: "Contact",
		travellers: "Travellers", document: "document", expires: "valid until", child: "child", adult: "adult",
		sheet: "Itinerary", route: "Route", departure: "From", stops: "Via", destination: "To", ret: "Back to", dates: "Dates",
		days: "Days", nights: "Hotel nights",
		day: "Day %d", hotel: "Hotel", grade: "grade", checkIn: "check-in", meal: "Meal", sight: "Visit", minTime: "at least", free: "Free time",
		shop: "Shopping stop", optional: "Optional, paid extra",
		price: "Price and payment", adultPrice: "Per adult", childPrice: "Per child", guideFee: "Guide fee per person", guideTotal: "Guide fee in total",
		total: "Total price", method: "Payment method", schedule: "Payment schedule",
		group: "Group terms", minSize: "Minimum group size", consentTransfer: "Transfer to another agency", consentPostpone: "Postpone the departure",
		consentRoute: "Change to another route", consentTerminate: "Terminate the contract", consentMerge: "Merge with another group", notGroup: "Not a group tour",
		insurance: "Personal accident insurance", cancellation: "Termination and liability", travellerScale: "If the traveller terminates",
		agencyScale: "If the agency terminates or the group is not formed",
		notFormed:   "Notice of a group not formed (before departure)", daysOrMore: "%d days or more before departure",
		daysRange: "%d to %d days before departure", departureDay: "on the departure day",
		dispute: "Disputes", arbitration: "arbitration by %s", court: "the court: %s",
		complaint: "Complaint phone", supervisor: "Supervising authority", eu: "EU package travel information",
		formalities: "Passport, visa and health formalities", insolvency: "Insolvency protection", localContact: "Local contact", complaints: "Complaints",
		priceRevision: "Price revision", minNumber: "Minimum number", annex3: "Annex 3 Shopping stops", annex4: "Annex 4 Optional paid items",
		signing: "Signatures", place: "Signed at", signDate: "Date", travellerSign: "Traveller (or representative)", agencySign: "Agency (seal and staff signature)",
		none: "none", letter: "Booking confirmation", lead: "Lead traveller", roster: "Travellers", services: "Services", supplierRef: "supplier ref.",
		breakdown: "Price breakdown", terms: "Cancellation terms", emergency: "Emergency contact", requirements: "Travel documents", askRequirements: "Ask your travel consultant for the passport and visa requirements",
		callAgency:  "the agency on ",
		unconfirmed: "to be confirmed", signed: "signed", nightsN: "%d nights", daysN: "%d days",
		requests: "Special requests", dietary: "Diet", mobility: "Mobility", room: "Room", occasion: "Occasion",
		scopeNames:     map[Scope]string{ScopeDomestic: "domestic tours", ScopeInbound: "inbound tours", ScopeOutbound: "outbound tours"},
		insuranceNames: map[Insurance]string{InsuranceEntrust: "bought through the agency", InsuranceSelf: "bought by the traveller", InsuranceWaive: "declined"},
		kinds:          map[pricing.InstalmentKind]string{pricing.InstalmentDeposit: "Deposit", pricing.InstalmentBalance: "Balance", pricing.InstalmentFull: "In full"},
		modes:          map[string]string{"flight": "Flight", "rail": "Train", "coach": "Coach", "ferry": "Ferry", "transfer": "Transfer"},
		meals:          map[string]string{"breakfast": "Breakfast", "lunch": "Lunch", "dinner": "Dinner"},
		statuses: map[booking.ServiceStatus]string{booking.Requested: "requested", booking.OnRequest: "on request", booking.ServiceConfirmed: "confirmed",
			booking.Declined: "declined", booking.ServiceCancelled: "cancelled"},
	}
}

func (w words) date(d date.Date) string {
	if d == 0 {
		return w.none
	}
	return human.Date(d, w.zh)
}

func (w words) money(m pricing.Money) string {
	if !m.IsValid() {
		return w.none
	}
	return w.f.Format(m)
}

func (w words) or(s string) string {
	if strings.TrimSpace(s) == "" {
		return w.none
	}
	return s
}

func (w words) list(ss []string) string {
	if len(ss) == 0 {
		return w.none
	}
	if w.zh {
		return strings.Join(ss, "、")
	}
	return strings.Join(ss, ", ")
}

func (w words) minutes(n int) string { return human.Duration(time.Duration(n)*time.Minute, w.zh) }

// instant shows an instant in its own zone with the UTC offset.
func (w words) instant(t time.Time, place string) string {
	if t.IsZero() {
		return w.none
	}
	return human.Instant(t, t.Location(), place, w.zh)
}

// scaleRows lays a cancellation scale out one step a row.
func (w words) scaleRows(s booking.Scale) []row {
	var rows []row
	for i, st := range s.Steps {
		var label string
		switch {
		case i == 0:
			label = fmt.Sprintf(w.daysOrMore, st.MinDays)
		case st.MinDays == 0:
			label = w.departureDay
		default:
			label = fmt.Sprintf(w.daysRange, s.Steps[i-1].MinDays-1, st.MinDays)
		}
		rows = append(rows, row{Label: label, Value: st.Percent.String() + "%"})
	}
	return rows
}

func (w words) scheduleRows(s pricing.PaymentSchedule) []row {
	var rows []row
	for _, in := range s.Instalments {
		rows = append(rows, row{Label: w.kinds[in.Kind], Value: w.money(in.Amount) + " · " + w.date(in.Due)})
	}
	return rows
}

func (w words) travellerRows(ts []Traveller) []row {
	var rows []row
	for i, t := range ts {
		kind := w.adult
		if t.Child {
			kind = w.child
		}
		v := strings.ToUpper(t.Surname) + "/" + strings.ToUpper(t.GivenNames) + " (" + kind + ")"
		if t.DocumentNumber != "" {
			v += " · " + w.document + " " + t.DocumentNumber
		}
		if t.DocumentExpiry != 0 {
			v += " · " + w.expires + " " + w.date(t.DocumentExpiry)
		}
		rows = append(rows, row{Label: strconv.Itoa(i + 1), Value: v})
	}
	return rows
}

// buildContract lays the contract out for a reader in lang.
func buildContract(c *Contract, t Template, lang language.Tag) doc {
	w := wordsFor(lang)
	d := doc{Lang: "en", Title: t.TitleEN}
	if w.zh {
		d.Lang, d.Title = "zh-CN", t.Title
	}
	if d.Title == "" {
		d.Title = w.contract
	}
	if c.Supplement > 0 {
		d.Title += " · " + w.supplement + " " + strconv.Itoa(c.Supplement)
	}
	d.Subtitle = []string{w.number + " " + c.Number + " · " + t.Code + " (" + t.Edition + ") " + w.template,
		w.booking + " " + c.Booking + " · " + w.revision + " " + strconv.Itoa(c.Revision)}
	d.Header = strings.TrimLeft(c.Agency.Name+" · "+w.number+" "+c.Number, " ·")

	var scopes []string
	for _, s := range c.Agency.Scopes {
		scopes = append(scopes, w.scopeNames[s])
	}
	parties := d.Add(w.parties,
		row{Label: w.agency, Value: w.or(c.Agency.Name)}, row{Label: w.licence, Value: w.or(c.Agency.Licence)},
		row{Label: w.scopes, Value: w.list(scopes)}, row{Label: w.address, Value: w.or(c.Agency.Address)},
		row{Label: w.phone, Value: w.or(c.Agency.Phone)})
	if c.Agency.Email != "" {
		parties.Rows = append(parties.Rows, row{Label: w.email, Value: c.Agency.Email})
	}
	parties.Rows = append(parties.Rows, row{Label: w.staff, Value: w.or(strings.TrimSpace(c.Staff.Name + " " + c.Staff.Phone))})
	if op := c.LocalOperator; op != nil {
		parties.Rows = append(parties.Rows, row{Label: w.localOp, Value: w.list([]string{op.Name, op.Address, op.Contact})})
	}
	d.Add(w.travellers, w.travellerRows(c.Travellers)...)

	s := &c.Sheet
	d.Add(w.sheet,
		row{Label: w.departure, Value: w.or(s.Departure)}, row{Label: w.stops, Value: w.list(s.Stops)},
		row{Label: w.destination, Value: w.or(s.Destination)}, row{Label: w.ret, Value: w.or(s.Return)},
		row{Label: w.dates, Value: w.date(s.Start) + " – " + w.date(s.End)},
		row{Label: w.days, Value: strconv.Itoa(s.Days)}, row{Label: w.nights, Value: strconv.Itoa(s.Nights)})
	for n, day := 1, s.Start; s.Start != 0 && day <= s.End; n, day = n+1, day+1 {
		rows := w.dayRows(s, day)
		if len(rows) > 0 {
			d.Add(fmt.Sprintf(w.day, n)+" · "+w.date(day), rows...)
		}
	}

	p := c.Price
	price := d.Add(w.price, row{Label: w.adultPrice, Value: w.money(p.Adult) + " × " + strconv.Itoa(p.Adults)})
	if p.Kids > 0 {
		price.Rows = append(price.Rows, row{Label: w.childPrice, Value: w.money(p.Child) + " × " + strconv.Itoa(p.Kids)})
	}
	if c.GuideArranged {
		price.Rows = append(price.Rows, row{Label: w.guideFee, Value: w.money(p.GuideFeePerPerson)}, row{Label: w.guideTotal, Value: w.money(p.GuideFeeTotal)})
	}
	price.Rows = append(price.Rows, row{Label: w.total, Value: w.money(p.Total)}, row{Label: w.method, Value: w.or(p.Method)})
	d.Add(w.schedule, w.scheduleRows(c.Schedule)...)

	g := c.Group
	if g.GroupTour {
		d.Add(w.group, row{Label: w.minSize, Value: strconv.Itoa(g.MinSize)},
			row{Label: w.consentTransfer, Value: w.or(string(g.Transfer))}, row{Label: w.consentPostpone, Value: w.or(string(g.Postpone))},
			row{Label: w.consentRoute, Value: w.or(string(g.ChangeRoute))}, row{Label: w.consentTerminate, Value: w.or(string(g.Terminate))},
			row{Label: w.consentMerge, Value: w.or(string(g.Merge))})
	} else {
		d.Add(w.group, row{Value: w.notGroup})
	}
	d.Add(w.insurance, row{Value: w.or(w.insuranceNames[c.Insurance])})
	canc := d.Add(w.cancellation)
	if c.NotFormedNoticeDays > 0 {
		canc.Rows = append(canc.Rows, row{Label: w.notFormed, Value: fmt.Sprintf(w.daysN, c.NotFormedNoticeDays)})
	}
	if len(c.TravellerScale.Steps) > 0 {
		d.Add(w.travellerScale, w.scaleRows(c.TravellerScale)...)
	}
	if len(c.AgencyScale.Steps) > 0 {
		d.Add(w.agencyScale, w.scaleRows(c.AgencyScale)...)
	}
	disp := w.none
	switch c.Dispute.Method {
	case "arbitration":
		disp = fmt.Sprintf(w.arbitration, c.Dispute.Body)
	case "court":
		disp = fmt.Sprintf(w.court, c.Dispute.Body)
	}
	complaint := d.Add(w.dispute, row{Value: disp}, row{Label: w.complaint, Value: w.or(c.ComplaintPhone)})
	if c.Supervisor != "" {
		complaint.Rows = append(complaint.Rows, row{Label: w.supervisor, Value: c.Supervisor})
	}
	if e := c.EU; e != nil {
		rev := w.none
		if e.PriceRevision {
			rev = fmt.Sprintf("≥ %d", e.RevisionDays)
		}
		min := w.none
		if e.MinNumber > 0 {
			min = strconv.Itoa(e.MinNumber) + " · " + human.Duration(e.MinNumberNotice, w.zh)
		}
		d.Add(w.eu, row{Label: w.formalities, Value: w.or(e.Formalities)}, row{Label: w.insolvency, Value: w.or(e.InsolvencyProtector)},
			row{Label: w.localContact, Value: w.or(e.LocalContact)}, row{Label: w.complaints, Value: w.or(e.ComplaintHandling)},
			row{Label: w.priceRevision, Value: rev}, row{Label: w.minNumber, Value: min})
	}
	if len(s.Shopping) > 0 || c.ShoppingAnnex {
		annex := d.Add(w.annex3)
		for _, x := range s.Shopping {
			annex.Rows = append(annex.Rows, row{Label: w.date(x.Date), Value: x.Name + " · " + w.minutes(x.Minutes)})
		}
	}
	if len(s.Optional) > 0 || c.OptionalAnnex {
		annex := d.Add(w.annex4)
		for _, x := range s.Optional {
			annex.Rows = append(annex.Rows, row{Label: w.date(x.Date), Value: x.Name + " · " + w.money(x.Price)})
		}
	}
	sign := d.Add(w.signing, row{Label: w.place, Value: w.or(c.SignPlace)}, row{Label: w.signDate, Value: w.date(c.SignDate)},
		row{Label: w.travellerSign, Sign: true}, row{Label: w.agencySign, Sign: true})
	if c.SignedAt != nil {
		sign.Rows = append(sign.Rows, row{Label: w.signed, Value: c.SignedAt.UTC().Format(time.RFC3339)})
	}
	return d
}

// dayRows lists one day of the sheet: transport, sights, meals, free
// time, shopping, optional items and the hotel checked into.
func (w words) dayRows(s *Sheet, day date.Date) []row {
	var rows []row
	for _, t := range s.Transport {
		if date.NewAt(t.Depart) == day {
			rows = append(rows, row{Label: w.modes[t.Mode], Value: t.Number + " · " + w.or(t.Class) + " · " + t.From + " " +
				w.instant(t.Depart, cmp.Or(t.FromCity, t.From)) + " → " + t.To + " " + w.instant(t.Arrive, cmp.Or(t.ToCity, t.To))})
		}
	}
	for _, x := range s.Sights {
		if x.Date == day {
			rows = append(rows, row{Label: w.sight, Value: x.Name + " · " + w.minTime + " " + w.minutes(x.MinMinutes)})
		}
	}
	for _, m := range s.Meals {
		if m.Date == day {
			rows = append(rows, row{Label: w.meals[m.Kind], Value: m.Place + " · " + w.or(m.Standard)})
		}
	}
	for _, f := range s.FreeTime {
		if f.Date == day {
			rows = append(rows, row{Label: w.free, Value: f.Place + " · " + w.minutes(f.Minutes)})
		}
	}
	for _, x := range s.Shopping {
		if x.Date == day {
			rows = append(rows, row{Label: w.shop, Value: x.Name + " · " + w.minutes(x.Minutes)})
		}
	}
	for _, x := range s.Optional {
		if x.Date == day {
			rows = append(rows, row{Label: w.optional, Value: x.Name + " · " + w.money(x.Price)})
		}
	}
	for _, h := range s.Hotels {
		if h.CheckIn == day {
			rows = append(rows, row{Label: w.hotel, Value: h.Name + " · " + w.or(h.Address) + " · " + w.grade + " " + w.or(h.Grade) + " · " +
				fmt.Sprintf(w.nightsN, h.Nights())})
		}
	}
	return rows
}

// RenderText writes the contract as plain text in lang (zh-CN, else
// English): the parties, the itinerary sheet day by day, price and
// schedule, group terms, insurance, the cancellation scales, disputes,
// the EU information for EU contracts, the annexes and the signatures.
func (cat *Catalogue) RenderText(out io.Writer, c *Contract, lang language.Tag) error {
	d, err := cat.Document(c, lang)
	if err != nil {
		return err
	}
	return document.WriteText(out, d)
}

// RenderHTML writes the contract as a print-ready A4 HTML page in lang,
// with the same content as RenderText; every text is escaped by
// html/template.
func (cat *Catalogue) RenderHTML(out io.Writer, c *Contract, lang language.Tag) error {
	d, err := cat.Document(c, lang)
	if err != nil {
		return err
	}
	return document.WriteHTML(out, d)
}

// Document is the contract as RenderText and RenderHTML write it, for
// another rendering such as document/pdf's; its page header names the
// agency and the contract number.
func (cat *Catalogue) Document(c *Contract, lang language.Tag) (document.Document, error) {
	if c == nil {
		return doc{}, problem.One(ErrInvalid, "contract", "required", "there is no contract to render")
	}
	t, ok := cat.Template(c.Template)
	if !ok {
		return doc{}, problem.One(ErrInvalid, "template", "unknown", "the catalogue has no template "+problem.Clip(c.Template))
	}
	return buildContract(c, t, lang), nil
}
