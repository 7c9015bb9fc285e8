package events

// definition registers one event type: its payload and audience. An
// event for people has a subject and a body in every language's catalog
// (internal/i18n), "event.<type>.subject" and "event.<type>.body":
// text/templates over the payload (see funcs).
type definition struct {
	payload  Payload
	audience Audience
}

// definitions are the library's events. A new event type is one line
// here, a payload type and, for people, its texts in every catalog.
func definitions() []definition {
	return []definition{
		{payload: CustomerSaved{}, audience: Internal},
		{payload: CustomersMerged{}, audience: Internal},
		{payload: InquiryLogged{}, audience: Staff},
		{payload: InquiryChanged{}, audience: Internal},
		{payload: InquiryProposed{}, audience: Internal},
		{payload: ProductSaved{}, audience: Internal},
		{payload: TripProposed{}, audience: Customer},
		{payload: QuoteIssued{}, audience: Customer},
		{payload: QuoteAccepted{}, audience: Customer},
		{payload: SupplierSaved{}, audience: Internal},
		{payload: SupplierContractAdded{}, audience: Internal},
		{payload: AllotmentCreated{}, audience: Internal},
		{payload: HoldPlaced{}, audience: Internal},
		{payload: UnitsRequested{}, audience: Supplier},
		{payload: RequestAnswered{}, audience: Internal},
		{payload: HoldConfirmed{}, audience: Supplier},
		{payload: HoldCancelled{}, audience: Supplier},
		{payload: HoldExpired{}, audience: Internal},
		{payload: UnitsReleased{}, audience: Supplier},
		{payload: StopSaleSet{}, audience: Internal},
		{payload: CostFrozen{}, audience: Internal},
		{payload: InvoiceRecorded{}, audience: Internal},
		{payload: BookingCreated{}, audience: Customer},
		{payload: BookingChanged{}, audience: Internal},
		{payload: BookingConfirmed{}, audience: Customer},
		{payload: ServiceAnswered{}, audience: Internal},
		{payload: PaymentRecorded{}, audience: Customer},
		{payload: PaymentReminder{}, audience: Customer},
		{payload: BookingAmended{}, audience: Customer},
		{payload: BookingCancelled{}, audience: Customer},
		{payload: BookingExpired{}, audience: Customer},
		{payload: BookingMoved{}, audience: Internal},
		{payload: StatementLine{}, audience: Staff},
		{payload: ContractDrafted{}, audience: Internal},
		{payload: ContractSigned{}, audience: Customer},
		{payload: ContractRefused{}, audience: Staff},
		{payload: ComplaintOpened{}, audience: Customer},
		{payload: ComplaintChanged{}, audience: Internal},
		{payload: SLAAtRisk{}, audience: Staff},
		{payload: SLABreached{}, audience: Staff},
		{payload: SurveyRecorded{}, audience: Internal},
		{payload: FollowUpScheduled{}, audience: Staff},
		{payload: PlanSaved{}, audience: Internal},
		{payload: ReportSubmitted{}, audience: Internal},
		{payload: ObservationsIngested{}, audience: Internal},
	}
}
