package notify

import (
	"context"
	"log/slog"

	"github.com/travelkit/travelkit/agency"
)

// Log writes each notification as one structured log record. Personal
// data is masked — the recipient (e-mail or phone), the subject and the
// body, which are free text and may name people or documents — unless
// ShowPersonalData is set, for a development log that nobody else reads.
type Log struct {
	Logger           *slog.Logger
	ShowPersonalData bool
}

// Notify logs n at info level.
func (l Log) Notify(ctx context.Context, n agency.Notification) error {
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	recipient, subject, body := n.Recipient, n.Subject, n.Body
	if !l.ShowPersonalData {
		recipient, subject, body = MaskRecipient(recipient), MaskText(subject), MaskText(body)
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "notification", slog.String("event_id", n.EventID), slog.String("tenant", string(n.Tenant)),
		slog.String("type", n.Type), slog.String("audience", string(n.Audience)), slog.String("language", string(n.Language)), slog.String("recipient", recipient),
		slog.String("subject", subject), slog.String("body", body))
	return nil
}
