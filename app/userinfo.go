package app

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// UserInfo is the wx UserInfo object. Field order is rawData's order.
type UserInfo struct {
	NickName  string `json:"nickName"`
	Gender    int    `json:"gender"`
	Language  string `json:"language"`
	City      string `json:"city"`
	Province  string `json:"province"`
	Country   string `json:"country"`
	AvatarURL string `json:"avatarUrl"`
}

// encryptedUserInfo is the plaintext of encryptedData. getUserProfile leaves
// out openId and unionId.
type encryptedUserInfo struct {
	OpenID    string    `json:"openId,omitempty"`
	NickName  string    `json:"nickName"`
	Gender    int       `json:"gender"`
	Language  string    `json:"language"`
	City      string    `json:"city"`
	Province  string    `json:"province"`
	Country   string    `json:"country"`
	AvatarURL string    `json:"avatarUrl"`
	UnionID   string    `json:"unionId,omitempty"`
	Watermark Watermark `json:"watermark"`
}

// Watermark proves which app and when encrypted data was made for.
type Watermark struct {
	AppID     string `json:"appid"`
	Timestamp int64  `json:"timestamp"`
}

// MaxProfileDesc is getUserProfile's desc limit, in characters.
const MaxProfileDesc = 30

// ValidLang checks a lang argument; "" means the default, en.
func ValidLang(lang string) error {
	switch lang {
	case "", "en", "zh_CN", "zh_TW":
		return nil
	}
	return fmt.Errorf("%q: %s", lang, wantLang)
}

const wantLang = "want en, zh_CN or zh_TW"

// AvatarURL is where the host serves a persona's avatar at size.
func (h *core) AvatarURL(personaID string, size int) string {
	return fmt.Sprintf("%s/avatar/%s/%d", h.BaseURL(), personaID, size)
}

func (h *UserDataService) userInfo(a *loadedApp, p Persona, lang string) UserInfo {
	if lang == "" {
		lang = "en"
	}
	if a.mp.UserInfoPolicy == "anonymous" {
		return UserInfo{NickName: AnonymousNickName, Language: lang, AvatarURL: h.AvatarURL(DefaultAvatarID, 132)}
	}
	return UserInfo{NickName: p.NickName, Language: lang, AvatarURL: h.AvatarURL(p.ID, 132)}
}

// GetUserInfo is wx.getUserInfo.
func (h *UserDataService) GetUserInfo(ctx context.Context, appID string, withCredentials bool, lang string) (Result, error) {
	const api = apiUserInfo
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	if err := ValidLang(lang); err != nil {
		return nil, failf(api, "invalid lang %v", err)
	}
	p := h.CurrentPersona()
	s, err := h.settings.Settings(p.ID, appID)
	if err != nil {
		return nil, err
	}
	if !s.Auth["scope.userInfo"] {
		return nil, fail(api, "scope unauthorized")
	}
	return h.userInfoResult(ctx, api, a, p, lang, withCredentials, true)
}

// GetUserProfile is wx.getUserProfile: it prompts every time.
func (h *UserDataService) GetUserProfile(ctx context.Context, appID string, req UserProfileRequest) (Result, error) {
	const api = apiUserProfile
	a, err := h.app(api, appID)
	if err != nil {
		return nil, err
	}
	if n := len([]rune(req.Desc)); n == 0 || n > MaxProfileDesc {
		return nil, fail(api, "desc length does not meet the requirements")
	}
	if err := ValidLang(req.Lang); err != nil {
		return nil, failf(api, "invalid lang %v", err)
	}
	if !req.UserGesture {
		return nil, noGesture(api)
	}
	p := h.CurrentPersona()
	allow, err := h.opts.Prompter.UserProfile(ctx, ProfileRequest{App: a.mp.Info(), Persona: p, Desc: req.Desc})
	if err != nil {
		return nil, promptFailure(api, err)
	}
	if !allow {
		return nil, fail(api, "auth deny")
	}
	return h.userInfoResult(ctx, api, a, p, req.Lang, true, false)
}

// userInfoResult builds userInfo and rawData, plus signature, encryptedData, iv
// and cloudID when credentials are wanted and the persona has a valid session.
func (h *UserDataService) userInfoResult(ctx context.Context, api string, a *loadedApp, p Persona, lang string, withCredentials, withIDs bool) (Result, error) {
	ui := h.userInfo(a, p, lang)
	raw, err := json.Marshal(ui)
	if err != nil {
		return nil, err
	}
	r := Result{"userInfo": ui, "rawData": string(raw)}
	if !withCredentials {
		return OK(api, r), nil
	}
	_, key, err := h.sessions.activeSession(ctx, p.ID, a.mp.AppID)
	if errors.Is(err, ErrNotFound) {
		return OK(api, r), nil // no login: no sensitive data, as on a phone
	}
	if err != nil {
		return nil, err
	}
	plain := encryptedUserInfo{
		NickName: ui.NickName, Gender: ui.Gender, Language: ui.Language, City: ui.City,
		Province: ui.Province, Country: ui.Country, AvatarURL: ui.AvatarURL,
		Watermark: Watermark{AppID: a.mp.AppID, Timestamp: h.now().Unix()},
	}
	if withIDs {
		if plain.OpenID, err = h.OpenID(ctx, p.ID, a.mp.AppID); err != nil {
			return nil, err
		}
		if plain.UnionID, err = h.UnionID(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	if err := h.seal(r, key, plain); err != nil {
		return nil, err
	}
	r["signature"] = Signature(string(raw), base64.StdEncoding.EncodeToString(key))
	return OK(api, r), nil
}

// seal adds encryptedData (plain as JSON, AES-128-CBC with the session key),
// its iv and a cloudID to r: the sensitive data shape of getUserInfo and
// getPhoneNumber.
func (h *UserDataService) seal(r Result, key []byte, plain any) error {
	body, err := json.Marshal(plain)
	if err != nil {
		return err
	}
	iv, err := h.random(aes.BlockSize)
	if err != nil {
		return err
	}
	enc, err := encryptCBC(key, iv, body)
	if err != nil {
		return err
	}
	cloud, err := h.randomCode()
	if err != nil {
		return err
	}
	r["encryptedData"] = base64.StdEncoding.EncodeToString(enc)
	r["iv"] = base64.StdEncoding.EncodeToString(iv)
	r["cloudID"] = cloud
	return nil
}

// Signature is hex(sha1(rawData + session_key)), session_key as given to the backend.
func Signature(rawData, sessionKey string) string {
	sum := sha1.Sum([]byte(rawData + sessionKey))
	return hex.EncodeToString(sum[:])
}

// encryptCBC is AES-128-CBC with PKCS#7 padding.
func encryptCBC(key, iv, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("session key: %w", err)
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	buf := append(bytes.Clone(plain), bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
	return buf, nil
}

// UserProfileRequest is wx.getUserProfile's object.
type UserProfileRequest struct {
	Desc        string // why the app wants the profile, 1 to MaxProfileDesc characters
	Lang        string // en (default), zh_CN or zh_TW
	UserGesture bool   // the call follows the user's tap
}

// UserDataService is what a user shares with an app at its request: the
// profile (getUserInfo, getUserProfile), the phone number and one-time
// subscriptions, with the messages those let the app send.
type UserDataService struct {
	*core
	sessions *SessionService  // user data is sealed with the session key
	settings *SettingsService // and gated by the user's settings
}
