package events

import "github.com/travelkit/travelkit/agency/storage"

// definition registers one event type: its payload, audience and, for
// people, a subject and a body per language (text/template over the
// payload; see funcs).
type definition struct {
	payload  Payload
	audience Audience
	texts    map[storage.Language][2]string
}

// zhen is a text in Chinese and English.
func zhen(zhSubject, zhBody, enSubject, enBody string) map[storage.Language][2]string {
	return map[storage.Language][2]string{storage.Chinese: {zhSubject, zhBody}, storage.English: {enSubject, enBody}}
}

// definitions are the library's events. A new event type is one line
// here, a payload type and, for people, its texts in every language.
func definitions() []definition {
	return []definition{
		{payload: CustomerSaved{}, audience: Internal},
		{payload: CustomersMerged{}, audience: Internal},
		{payload: InquiryLogged{}, audience: Staff, texts: zhen(
			"新咨询：{{.CustomerName}}",
			"{{.CustomerName}}{{if .NewCustomer}}（新客户）{{end}}于 {{instant .ReceivedAt .Local}} 通过{{channel .Channel}}发来咨询。"+
				"{{with .FirstResponseDue}}请在 {{instant . $.Local}} 前首次回复。{{end}}",
			"New inquiry from {{.CustomerName}}",
			"{{.CustomerName}}{{if .NewCustomer}} (a new customer){{end}} sent an inquiry by {{channel .Channel}} on {{instant .ReceivedAt .Local}}."+
				"{{with .FirstResponseDue}} Answer it by {{instant . $.Local}}.{{end}}")},
		{payload: InquiryChanged{}, audience: Internal},
		{payload: InquiryProposed{}, audience: Internal},
		{payload: ProductSaved{}, audience: Internal},
		{payload: TripProposed{}, audience: Customer, texts: zhen(
			"行程方案：{{.Title}}",
			"{{.CustomerName}}，您好！您的行程方案「{{.Title}}」第{{.Version}}版（{{date .Start}}至{{date .End}}）已准备好，请查阅。",
			"Your trip proposal: {{.Title}}",
			"Dear {{.CustomerName}}, version {{.Version}} of your trip proposal “{{.Title}}” ({{date .Start}} to {{date .End}}) is ready for you.")},
		{payload: QuoteIssued{}, audience: Customer, texts: zhen(
			"报价单 {{quoteRef .QuoteID}}",
			"{{.CustomerName}}，您好！报价单 {{quoteRef .QuoteID}} 第{{.Version}}版：总价 {{money .Total}}，有效期至 {{instant .ValidUntil .Local}}。",
			"Your quote {{quoteRef .QuoteID}}",
			"Dear {{.CustomerName}}, quote {{quoteRef .QuoteID}} version {{.Version}}: total {{money .Total}}, valid until {{instant .ValidUntil .Local}}.")},
		{payload: QuoteAccepted{}, audience: Customer, texts: zhen(
			"报价已确认",
			"{{.CustomerName}}，您好！您已确认报价单 {{quoteRef .QuoteID}} 第{{.Version}}版（总价 {{money .Total}}），感谢您的信任。",
			"Quote accepted",
			"Dear {{.CustomerName}}, thank you for accepting quote {{quoteRef .QuoteID}} version {{.Version}} (total {{money .Total}}).")},
		{payload: SupplierSaved{}, audience: Internal},
		{payload: SupplierContractAdded{}, audience: Internal},
		{payload: AllotmentCreated{}, audience: Internal},
		{payload: HoldPlaced{}, audience: Internal},
		{payload: UnitsRequested{}, audience: Supplier, texts: zhen(
			"确认申请：{{.Product}} {{.UnitType}}，{{short .From}}起{{.Nights}}晚",
			"{{.SupplierName}}：请确认 {{.Product}} {{.UnitType}} {{.Units}}间/个，{{date .From}}起共{{.Nights}}晚"+
				"{{with .Booking}}（订单 {{.}}）{{end}}{{with .LeadGuest}}，入住人 {{.}}{{end}}。请于 {{instant .ReplyBy .Local}} 前回复。"+
				"{{if .Requests}}特殊要求：{{join .Requests}}。{{end}}编号 {{.HoldID}}。",
			"Please confirm: {{.Product}} {{.UnitType}}, {{.Nights}} night(s) from {{short .From}}",
			"Dear {{.SupplierName}}, please confirm {{.Units}} × {{.UnitType}} of {{.Product}} for {{.Nights}} night(s) from {{date .From}}"+
				"{{with .Booking}} for booking {{.}}{{end}}{{with .LeadGuest}}, guest {{.}}{{end}}. Please reply by {{instant .ReplyBy .Local}}."+
				"{{if .Requests}} Special requests: {{join .Requests}}.{{end}} Reference {{.HoldID}}.")},
		{payload: RequestAnswered{}, audience: Internal},
		{payload: HoldConfirmed{}, audience: Supplier, texts: zhen(
			"预订确认：{{.Product}} {{.UnitType}}，{{short .From}}起{{.Nights}}晚",
			"{{.SupplierName}}：我们确认预订 {{.Product}} {{.UnitType}} {{.Units}}间/个，{{date .From}}起共{{.Nights}}晚"+
				"{{with .Booking}}（订单 {{.}}）{{end}}{{with .LeadGuest}}，入住人 {{.}}{{end}}。{{if .Requests}}特殊要求：{{join .Requests}}。{{end}}"+
				"编号 {{.HoldID}}。",
			"Booking confirmed: {{.Product}} {{.UnitType}}, {{.Nights}} night(s) from {{short .From}}",
			"Dear {{.SupplierName}}, we confirm {{.Units}} × {{.UnitType}} of {{.Product}} for {{.Nights}} night(s) from {{date .From}}"+
				"{{with .Booking}}, booking {{.}}{{end}}{{with .LeadGuest}}, guest {{.}}{{end}}.{{if .Requests}} Special requests: {{join .Requests}}.{{end}}"+
				" Reference {{.HoldID}}.")},
		{payload: HoldCancelled{}, audience: Supplier, texts: zhen(
			"取消：{{.Product}} {{.UnitType}}，{{short .From}}起{{.Nights}}晚",
			"{{.SupplierName}}：请取消{{if .WasBooked}}已确认的预订{{else}}预留{{end}}：{{.Product}} {{.UnitType}} {{.Units}}间/个，"+
				"{{date .From}}起共{{.Nights}}晚{{with .Booking}}（订单 {{.}}）{{end}}，房量退回配额。编号 {{.HoldID}}。",
			"Cancelled: {{.Product}} {{.UnitType}}, {{.Nights}} night(s) from {{short .From}}",
			"Dear {{.SupplierName}}, please cancel the {{if .WasBooked}}booking{{else}}hold{{end}} of {{.Units}} × {{.UnitType}} of {{.Product}}"+
				" for {{.Nights}} night(s) from {{date .From}}{{with .Booking}} (booking {{.}}){{end}}; the units return to the allotment."+
				" Reference {{.HoldID}}.")},
		{payload: HoldExpired{}, audience: Internal},
		{payload: UnitsReleased{}, audience: Supplier, texts: zhen(
			"释放房量：{{short .Night}} {{.Product}} {{.UnitType}}",
			"{{.SupplierName}}：已到释放期，{{date .Night}} 当晚 {{.Product}} {{.UnitType}} 未售出的 {{.Units}}间/个退回贵方（配额 {{.AllotmentID}}）。",
			"Released: {{.Product}} {{.UnitType}} on {{short .Night}}",
			"Dear {{.SupplierName}}, at the release date we give back {{.Units}} unsold × {{.UnitType}} of {{.Product}} for the night of {{date .Night}}"+
				" (allotment {{.AllotmentID}}).")},
		{payload: StopSaleSet{}, audience: Internal},
		{payload: CostFrozen{}, audience: Internal},
		{payload: InvoiceRecorded{}, audience: Internal},
		{payload: BookingCreated{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 已收到",
			"{{.CustomerName}}，您好！我们已收到您的订单 {{.Reference}}（{{date .Departure}}至{{date .Return}}），总价 {{money .Total}}。"+
				"各项服务确认后，我们将为您确认订单。",
			"Booking {{.Reference}} received",
			"Dear {{.CustomerName}}, we have your booking {{.Reference}} ({{date .Departure}} to {{date .Return}}), total {{money .Total}}."+
				" We will confirm it once every service is confirmed.")},
		{payload: BookingChanged{}, audience: Internal},
		{payload: BookingConfirmed{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 已确认",
			"{{.CustomerName}}，您好！您 {{date .Departure}} 出发的订单 {{.Reference}} 已确认。总价 {{money .Total}}，已付 {{money .Paid}}。",
			"Booking {{.Reference}} confirmed",
			"Dear {{.CustomerName}}, your booking {{.Reference}} departing {{date .Departure}} is confirmed. Total {{money .Total}}, paid so far {{money .Paid}}.")},
		{payload: ServiceAnswered{}, audience: Internal},
		{payload: PaymentRecorded{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} {{if .Refund}}退款{{else}}收款{{end}}通知",
			"{{.CustomerName}}，您好！{{if .Refund}}我们已退还 {{money (neg .Amount)}}{{else}}我们已收到您的付款 {{money .Amount}}{{end}}"+
				"（订单 {{.Reference}}）。累计已付 {{money .Paid}}，尚欠 {{money .Outstanding}}。",
			"{{if .Refund}}Refund{{else}}Payment{{end}} for booking {{.Reference}}",
			"Dear {{.CustomerName}}, {{if .Refund}}we have refunded {{money (neg .Amount)}}{{else}}we have received {{money .Amount}}{{end}}"+
				" for booking {{.Reference}}. Paid in total {{money .Paid}}; still due {{money .Outstanding}}.")},
		{payload: PaymentReminder{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 付款提醒",
			"{{.CustomerName}}，您好！订单 {{.Reference}} 第{{.Instalment}}期款项 {{money .Amount}} 将于 {{date .Due}} 到期，请按时支付。",
			"Payment due {{short .Due}} for booking {{.Reference}}",
			"Dear {{.CustomerName}}, instalment {{.Instalment}} of booking {{.Reference}}, {{money .Amount}}, is due on {{date .Due}}.")},
		{payload: BookingAmended{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 已变更",
			"{{.CustomerName}}，您好！您的订单 {{.Reference}} 已更新为第{{.Revision}}版，价格变动 {{money .PriceDifference}}，现总价 {{money .Total}}。",
			"Booking {{.Reference}} changed",
			"Dear {{.CustomerName}}, your booking {{.Reference}} is now at revision {{.Revision}}; the price changes by {{money .PriceDifference}}"+
				" to {{money .Total}}.")},
		{payload: BookingCancelled{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 已取消",
			"{{.CustomerName}}，您好！您的订单 {{.Reference}} 已取消。取消费 {{money .Fee}}，退还 {{money .Refund}}。"+
				"{{if positive .Owed}}尚需支付 {{money .Owed}}。{{end}}",
			"Booking {{.Reference}} cancelled",
			"Dear {{.CustomerName}}, your booking {{.Reference}} is cancelled. Cancellation fee {{money .Fee}}; we refund {{money .Refund}}."+
				"{{if positive .Owed}} {{money .Owed}} remains to be paid.{{end}}")},
		{payload: BookingExpired{}, audience: Customer, texts: zhen(
			"订单 {{.Reference}} 留位已到期",
			"{{.CustomerName}}，您好！订单 {{.Reference}} 的留位已于 {{instant .OptionUntil .Local}} 到期，所留资源已释放。如需重新预订，请联系我们。",
			"The option on booking {{.Reference}} has lapsed",
			"Dear {{.CustomerName}}, the option on booking {{.Reference}} ran out on {{instant .OptionUntil .Local}} and what was held for you"+
				" is released. Contact us to book again.")},
		{payload: BookingMoved{}, audience: Internal},
		{payload: StatementLine{}, audience: Staff, texts: zhen(
			"银行流水 {{.TxID}} 待核对",
			"银行流水 {{.TxID}}（金额 {{money .Amount}}{{with .Payer}}，付款人 {{.}}{{end}}）{{match .Match}}{{with .Reference}}（订单 {{.}}）{{end}}，请核对。",
			"Bank line {{.TxID}} needs a look",
			"Bank transaction {{.TxID}} of {{money .Amount}}{{with .Payer}} from {{.}}{{end}} is {{match .Match}}{{with .Reference}} (booking {{.}}){{end}}.")},
		{payload: ContractDrafted{}, audience: Internal},
		{payload: ContractSigned{}, audience: Customer, texts: zhen(
			"旅游合同 {{.Number}} 已签署",
			"{{.CustomerName}}，您好！感谢您签署订单 {{.Booking}} 的旅游合同 {{.Number}}{{if .Supplement}}（补充协议 {{.Supplement}}）{{end}}。",
			"Travel contract {{.Number}} signed",
			"Dear {{.CustomerName}}, thank you for signing travel contract {{.Number}}{{if .Supplement}} (supplement {{.Supplement}}){{end}}"+
				" for booking {{.Booking}}.")},
		{payload: ContractRefused{}, audience: Staff, texts: zhen(
			"旅游合同 {{.Number}} 未能签署",
			"订单 {{.Booking}} 的旅游合同 {{.Number}}{{if .Supplement}}（补充协议 {{.Supplement}}）{{end}}存在阻断性问题，无法签署：{{join .Codes}}。",
			"Travel contract {{.Number}} was not signed",
			"Travel contract {{.Number}}{{if .Supplement}} supplement {{.Supplement}}{{end}} of booking {{.Booking}} cannot be signed: {{join .Codes}}.")},
		{payload: ComplaintOpened{}, audience: Customer, texts: zhen(
			"我们已收到您的投诉",
			"{{.CustomerName}}，您好！我们已收到您的投诉（{{.Summary}}），编号 {{complaintRef .ComplaintID}}，顾问会尽快与您联系。",
			"We have received your complaint",
			"Dear {{.CustomerName}}, we have received your complaint ({{.Summary}}), reference {{complaintRef .ComplaintID}};"+
				" your consultant will contact you shortly.")},
		{payload: ComplaintChanged{}, audience: Internal},
		{payload: SLAAtRisk{}, audience: Staff, texts: zhen(
			"投诉 {{complaintRef .ComplaintID}} {{target .Target}}即将超时",
			"投诉 {{complaintRef .ComplaintID}}（客户 {{.CustomerName}}）的{{target .Target}}时限即将超时，截止 {{instant .Due .Local}}。",
			"Complaint {{complaintRef .ComplaintID}}: {{target .Target}} at risk",
			"The {{target .Target}} target of complaint {{complaintRef .ComplaintID}} (customer {{.CustomerName}}) is at risk; due {{instant .Due .Local}}.")},
		{payload: SLABreached{}, audience: Staff, texts: zhen(
			"投诉 {{complaintRef .ComplaintID}} {{target .Target}}已超时",
			"投诉 {{complaintRef .ComplaintID}}（客户 {{.CustomerName}}）的{{target .Target}}时限已超时，截止 {{instant .Due .Local}}。",
			"Complaint {{complaintRef .ComplaintID}}: {{target .Target}} breached",
			"The {{target .Target}} target of complaint {{complaintRef .ComplaintID}} (customer {{.CustomerName}}) is breached; it was due {{instant .Due .Local}}.")},
		{payload: SurveyRecorded{}, audience: Internal},
		{payload: FollowUpScheduled{}, audience: Staff, texts: zhen(
			"回访提醒：{{.CustomerName}}",
			"请于 {{date .Due}} 前回访客户 {{.CustomerName}}（{{followKind .Kind}} {{.Ref}}）。",
			"Follow up {{.CustomerName}} by {{short .Due}}",
			"Please follow up {{.CustomerName}} after the {{followKind .Kind}} {{.Ref}} by {{date .Due}}.")},
		{payload: PlanSaved{}, audience: Internal},
		{payload: ReportSubmitted{}, audience: Internal},
		{payload: ObservationsIngested{}, audience: Internal},
	}
}
