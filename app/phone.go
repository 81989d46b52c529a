package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The phone-number flow: <button open-type="getPhoneNumber"> (and
// getRealtimePhoneNumber) asks the person, and an allow gives the page a
// one-use code its backend exchanges at POST /wxa/business/getuserphonenumber.

const bucketPhoneCodes = "phonecodes"

// PhoneNumber is a persona's phone number as phone_info reports it.
type PhoneNumber struct {
	PhoneNumber     string `json:"phoneNumber"`     // with the country code for numbers outside China
	PurePhoneNumber string `json:"purePhoneNumber"` // without the country code
	CountryCode     string `json:"countryCode"`
}

var phonePattern = regexp.MustCompile(`^\+([1-9][0-9]{0,3}) ([0-9]{4,15})$`)

// NormalizePhone turns "13800138000", "+86 13800138000", "+86-138 0013 8000"
// or "+8613800138000" into the stored form "+86 13800138000". A number
// without a country code is Chinese (+86); "" stays "" (no number bound).
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if m := phonePattern.FindStringSubmatch(s); m != nil {
		return s, nil
	}
	cc, rest := "86", s
	if r, ok := strings.CutPrefix(s, "+"); ok {
		// "+CC NUMBER" with any separator after the code; without one,
		// +86 is the only code read (it is what mainland numbers carry).
		i := strings.IndexAny(r, " -")
		switch {
		case i > 0:
			cc, rest = r[:i], r[i+1:]
		case strings.HasPrefix(r, "86"):
			cc, rest = "86", r[2:]
		default:
			return "", fmt.Errorf("phone %q: want \"+<country code> <number>\", e.g. \"+86 13800138000\"", s)
		}
	}
	rest = strings.NewReplacer(" ", "", "-", "").Replace(rest)
	out := "+" + cc + " " + rest
	if !phonePattern.MatchString(out) {
		return "", fmt.Errorf("phone %q: want \"+<country code> <number>\" with a 1-4 digit code and 4-15 digits, e.g. \"+86 13800138000\"", s)
	}
	return out, nil
}

// ParsePhone splits a stored phone ("+86 13800138000") into phone_info's
// fields. A Chinese number's phoneNumber has no country code, others carry
// "+<code>" in front, as the real phone_info does.
func ParsePhone(s string) (PhoneNumber, error) {
	m := phonePattern.FindStringSubmatch(s)
	if m == nil {
		return PhoneNumber{}, fmt.Errorf("phone %q: want \"+<country code> <number>\", e.g. \"+86 13800138000\"", s)
	}
	p := PhoneNumber{PhoneNumber: m[2], PurePhoneNumber: m[2], CountryCode: m[1]}
	if m[1] != "86" {
		p.PhoneNumber = "+" + m[1] + m[2]
	}
	return p, nil
}

// PhoneRequest is one getPhoneNumber / getRealtimePhoneNumber consent prompt.
type PhoneRequest struct {
	App     AppInfo
	Persona Persona
	API     string // getPhoneNumber or getRealtimePhoneNumber
	Phone   string // the number the app would get, "+86 13800138000"
}

// phoneCode is one code an allowed phone prompt gave the page.
type phoneCode struct {
	oneUseCode
	Phone    string `json:"phone"` // as it was when the person allowed it
	Realtime bool   `json:"realtime,omitempty"`
}

// phoneCodeTTL is how long a phone code may be exchanged: five minutes, once.
const phoneCodeTTL = 5 * time.Minute

// GetPhoneNumber is the getPhoneNumber (or, with realtime,
// getRealtimePhoneNumber) button: it needs a tap and asks the person every
// time. Allow gives {code, encryptedData, iv, cloudID}; the legacy
// encryptedData needs a logged-in session, as getUserInfo's does, and the
// real-time button gives the code alone, as documented.
func (h *UserDataService) GetPhoneNumber(ctx context.Context, appID string, realtime, userGesture bool) (Result, error) {
	api := apiPhone
	if realtime {
		api = apiRealtimePhone
	}
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	if !userGesture {
		return nil, noGesture(api)
	}
	p := h.CurrentPersona()
	if p.Phone == "" {
		// A WeChat account always has a number; a persona may not, and then
		// this says what to do rather than inventing one.
		return nil, fail(api, "no phone number bound to this user (set one in the persona editor or with minihost ctl personas edit --phone)")
	}
	info, err := ParsePhone(p.Phone)
	if err != nil {
		return nil, fmt.Errorf("persona %s: %w", p.ID, err)
	}
	allow, err := h.opts.Prompter.PhoneNumber(ctx, PhoneRequest{App: a.mp.Info(), Persona: p, API: api, Phone: p.Phone})
	if err != nil {
		return nil, phonePromptFailure(api, err)
	}
	if !allow {
		return nil, fail(api, "user deny")
	}
	code, err := h.randomCode()
	if err != nil {
		return nil, err
	}
	now := h.now()
	err = h.opts.Store.Update(func(tx Tx) error {
		if err := purgePhoneCodes(tx, now); err != nil {
			return err
		}
		return putJSON(tx, bucketPhoneCodes, code, phoneCode{oneUseCode: oneUseCode{Persona: p.ID, AppID: appID, Issued: now}, Phone: p.Phone, Realtime: realtime})
	})
	if err != nil {
		return nil, err
	}
	r := Result{"code": code}
	if realtime {
		return OK(api, r), nil // the real-time component gives only the code
	}
	_, key, err := h.sessions.activeSession(ctx, p.ID, appID)
	switch {
	case errors.Is(err, ErrNotFound):
		return OK(api, r), nil // no login: only the code, as there is no session_key to encrypt with
	case err != nil:
		return nil, err
	}
	plain := struct {
		PhoneNumber
		Watermark Watermark `json:"watermark"`
	}{info, Watermark{AppID: appID, Timestamp: now.Unix()}}
	if err := h.seal(r, key, plain); err != nil {
		return nil, err
	}
	return OK(api, r), nil
}

// phonePromptFailure is promptFailure with the phone button's refusal text.
func phonePromptFailure(api string, err error) error {
	if errors.Is(err, ErrCancelled) {
		return fail(api, "user deny")
	}
	return promptFailure(api, err)
}

// purgePhoneCodes drops codes an hour past their validity; used ones are
// kept that long so a second exchange says 40163 rather than 40029.
func purgePhoneCodes(tx Tx, now time.Time) error {
	return deleteWhere(tx, bucketPhoneCodes, func(_ string, v []byte) bool {
		var c phoneCode
		return json.Unmarshal(v, &c) != nil || now.Sub(c.Issued) > phoneCodeTTL+time.Hour
	})
}

// UserPhoneNumber is POST /wxa/business/getuserphonenumber: it redeems a
// phone code once, within five minutes, for the app the token belongs to.
func (h *BackendService) UserPhoneNumber(ctx context.Context, accessTok, code string) (PhoneNumberResult, error) {
	appID, err := h.appForToken(accessTok)
	if err != nil {
		return PhoneNumberResult{}, err
	}
	if code == "" {
		return PhoneNumberResult{}, errInvalidCode
	}
	now := h.now()
	var c phoneCode
	err = h.opts.Store.Update(func(tx Tx) error {
		if err := getJSON(tx, bucketPhoneCodes, code, &c); err != nil {
			return errInvalidCode
		}
		if err := c.redeemable(appID, now, phoneCodeTTL); err != nil {
			return err
		}
		c.Used = true
		return putJSON(tx, bucketPhoneCodes, code, c)
	})
	if err != nil {
		return PhoneNumberResult{}, err
	}
	info, err := ParsePhone(c.Phone)
	if err != nil {
		return PhoneNumberResult{}, err
	}
	return PhoneNumberResult{ServerStatus: serverOK(), PhoneInfo: PhoneInfo{info, Watermark{AppID: appID, Timestamp: now.Unix()}}}, nil
}
