package brokertest

import (
	"io"
	"log/slog"
)

// discard is a logger for the failures the suite causes on purpose.
func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
