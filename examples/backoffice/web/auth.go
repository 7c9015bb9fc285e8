package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/travelkit/travelkit/agency"
)

// Role is what a user may do.
type Role string

// Roles.
const (
	// Consultant works the agency's inquiries, bookings and complaints.
	Consultant Role = "consultant"
	// Manager does what a consultant does, approves compensation above the
	// handler's limit and sees the team's KPIs.
	Manager Role = "manager"
)

// User is a person who logs in.
type User struct {
	Tenant   agency.TenantID
	ID       string
	Name     string
	Role     Role
	Language agency.Language
	hash     []byte // argon2id of the password with salt
	salt     []byte
	token    [32]byte // SHA-256 of the API token
}

// argon2id parameters (RFC 9106's second recommended option, scaled to a
// small server).
const (
	argonTime    = 2
	argonMemory  = 32 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

func hashPassword(password string, salt []byte) []byte {
	return argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
}

// Users are the application's accounts, by login name.
type Users struct {
	mu     sync.RWMutex
	byName map[string]*User
}

// NewUser describes an account to add.
type NewUser struct {
	Tenant   agency.TenantID
	ID       string
	Name     string
	Role     Role
	Language agency.Language
	Password string
	// Token is the user's API token (Authorization: Bearer …).
	Token string
}

// Add adds an account, keeping only the argon2id hash of its password and
// the SHA-256 of its token.
func (u *Users) Add(n NewUser) error {
	if n.Tenant == "" || n.ID == "" || len(n.Password) < 8 || (n.Role != Consultant && n.Role != Manager) {
		return fmt.Errorf("%w: a user needs a tenant, an ID, a role and a password of at least 8 characters", agency.ErrInvalid)
	}
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	user := &User{Tenant: n.Tenant, ID: n.ID, Name: n.Name, Role: n.Role, Language: n.Language, salt: salt, hash: hashPassword(n.Password, salt)}
	if n.Token != "" {
		user.token = sha256.Sum256([]byte(n.Token))
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.byName == nil {
		u.byName = map[string]*User{}
	}
	if _, dup := u.byName[n.ID]; dup {
		return fmt.Errorf("%w: user %s exists", agency.ErrConflict, n.ID)
	}
	u.byName[n.ID] = user
	return nil
}

// check returns the user whose password this is, comparing in constant
// time; an unknown name costs the same as a wrong password.
func (u *Users) check(name, password string) (*User, bool) {
	u.mu.RLock()
	user := u.byName[name]
	u.mu.RUnlock()
	if user == nil {
		hashPassword(password, make([]byte, 16))
		return nil, false
	}
	return user, subtle.ConstantTimeCompare(hashPassword(password, user.salt), user.hash) == 1
}

// byToken returns the user of an API token.
func (u *Users) byToken(token string) (*User, bool) {
	sum := sha256.Sum256([]byte(token))
	u.mu.RLock()
	defer u.mu.RUnlock()
	for _, user := range u.byName {
		if subtle.ConstantTimeCompare(sum[:], user.token[:]) == 1 && user.token != [32]byte{} {
			return user, true
		}
	}
	return nil, false
}

func (u *Users) get(id string) *User {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return u.byName[id]
}

// session is one logged-in browser.
type session struct {
	user    string
	csrf    string
	lang    agency.Language
	expires time.Time
}

// sessions keeps sessions in memory by the SHA-256 of their ID.
type sessions struct {
	mu sync.Mutex
	m  map[[32]byte]*session
}

const sessionLife = 12 * time.Hour

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *sessions) create(user string, lang agency.Language, now time.Time) (id string, sess *session) {
	id = randomToken()
	sess = &session{user: user, csrf: randomToken(), lang: lang, expires: now.Add(sessionLife)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[[32]byte]*session{}
	}
	s.m[sha256.Sum256([]byte(id))] = sess
	return id, sess
}

func (s *sessions) get(id string, now time.Time) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := sha256.Sum256([]byte(id))
	sess := s.m[key]
	if sess == nil || now.After(sess.expires) {
		delete(s.m, key)
		return nil
	}
	return sess
}

func (s *sessions) drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, sha256.Sum256([]byte(id)))
}

// limiter allows a few login attempts per key (address and name) per
// window.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
}

func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hits == nil {
		l.hits = map[string][]time.Time{}
	}
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	return true
}

// clientAddress is the peer's address without the port: the server does not
// trust forwarding headers it cannot verify.
func clientAddress(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return host
}
