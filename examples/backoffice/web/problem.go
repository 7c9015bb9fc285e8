package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/travelkit/travelkit/agency"
)

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Errors lists every problem of an invalid request with its field and
	// code.
	Errors []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one problem of an invalid input.
type FieldProblem struct {
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// problemOf maps an error onto the library's error classes; the problems
// of an invalid input are listed with their fields and codes.
func problemOf(err error) Problem {
	var ve *agency.ValidationError
	var fields []FieldProblem
	if errors.As(err, &ve) {
		for _, x := range ve.Problems {
			fields = append(fields, FieldProblem{Field: x.Field, Code: x.Code, Message: x.Message})
		}
	}
	switch {
	case errors.Is(err, agency.ErrApprovalRequired):
		return Problem{Type: "/problems/approval-required", Title: "A manager's approval is required", Status: http.StatusForbidden, Detail: err.Error(),
			Errors: fields}
	case errors.Is(err, agency.ErrInvalid) || ve != nil:
		p := Problem{Type: "/problems/invalid", Title: "The request is invalid", Status: http.StatusUnprocessableEntity, Errors: fields}
		if len(p.Errors) == 0 {
			p.Detail = err.Error()
			p.Errors = []FieldProblem{{Code: "invalid", Message: err.Error()}}
		}
		return p
	case errors.Is(err, agency.ErrNotFound):
		return Problem{Type: "/problems/not-found", Title: "Not found", Status: http.StatusNotFound, Detail: err.Error()}
	case errors.Is(err, agency.ErrInvalidTransition):
		return Problem{Type: "/problems/invalid-transition", Title: "Not possible in the current state", Status: http.StatusConflict, Detail: err.Error()}
	case errors.Is(err, agency.ErrConflict):
		return Problem{Type: "/problems/conflict", Title: "Conflict: changed or exists already", Status: http.StatusConflict, Detail: err.Error()}
	}
	return Problem{Type: "/problems/internal", Title: "Internal error", Status: http.StatusInternalServerError}
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeVersioned writes v with its version as the ETag a later change
// sends back in If-Match.
func writeVersioned(w http.ResponseWriter, status, version int, v any) {
	w.Header().Set("ETag", etag(version))
	writeJSON(w, status, v)
}

// invalid is a validation error of one field.
func invalid(field, code, message string) error {
	return &agency.ValidationError{Kind: agency.ErrInvalid, Problems: []agency.Problem{{Field: field, Code: code, Message: message}}}
}
