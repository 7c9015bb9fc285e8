package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/agency"
)

// Reads beyond Readers wait their turn, a waiting read whose client gives
// up is dropped unserved, and changes are never held back.
func TestReadsWaitTheirTurn(t *testing.T) {
	a, err := agency.New(memory.New(), agency.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Agency: a, Users: &Users{}, Readers: 1})
	if err != nil {
		t.Fatal(err)
	}
	s.reading <- struct{}{} // a read in progress

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	waiting := httptest.NewRecorder()
	start := time.Now()
	s.ServeHTTP(waiting, httptest.NewRequestWithContext(ctx, "GET", "/login", nil))
	if waited := time.Since(start); waited < 40*time.Millisecond || waiting.Body.Len() != 0 {
		t.Errorf("a read while another is in progress: served after %v with %q", waited, waiting.Body.String())
	}

	change := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"user": {"nobody"}, "password": {"wrong-password"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	s.ServeHTTP(change, req)
	if change.Code == http.StatusOK || change.Body.Len() == 0 {
		t.Errorf("a change was held back behind the read: %d %q", change.Code, change.Body.String())
	}

	<-s.reading // the read in progress ends
	served := httptest.NewRecorder()
	s.ServeHTTP(served, httptest.NewRequest("GET", "/login", nil))
	if served.Code != http.StatusOK || !strings.Contains(served.Body.String(), `name="password"`) {
		t.Errorf("the next read: %d %q", served.Code, served.Body.String())
	}
	if len(s.reading) != 0 {
		t.Errorf("%d reads still counted in progress", len(s.reading))
	}

	unlimited, err := New(Config{Agency: a, Users: &Users{}, Readers: -1})
	if err != nil || unlimited.reading != nil {
		t.Errorf("Readers -1: %v, limit %v", err, unlimited.reading)
	}
}
