package hostapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/minihost/minihost/app"
)

// MaxForwardBody bounds what a forwarded request sends or receives (the
// phone's downloadFile limit is 200 MB; a desktop test tool needs less).
const MaxForwardBody = 10 << 20

// forwardTimeout is wx.request's default timeout (the phone's: 60 s).
const forwardTimeout = 60 * time.Second

// forwardArgs are request/downloadFile/uploadFile arguments as the runtime
// sends them: bodies are base64 (Body64), so that binary data survives JSON.
type forwardArgs struct {
	URL      string            `json:"url"`
	Method   string            `json:"method"`
	Header   map[string]string `json:"header"`
	Body64   string            `json:"body64"`
	Timeout  int               `json:"timeout"` // ms
	Name     string            `json:"name"`    // uploadFile: the file's form field
	File64   string            `json:"file64"`  // uploadFile: the file
	FileName string            `json:"fileName"`
	// FormData are uploadFile's other form fields.
	FormData map[string]string `json:"formData"`
}

var methods = map[string]bool{"OPTIONS": true, "GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true, "TRACE": true, "CONNECT": true}

// forward is a network API: the host makes the request the page asked for,
// as a phone client does (no CORS), after the app's domain check.
func forward(api string) wxHandler {
	return func(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
		var a forwardArgs
		if err := decode(body, &a); err != nil {
			return nil, err
		}
		la, ok := h.App(appID)
		if !ok {
			return app.Result{"errMsg": api + ":fail app " + appID + " is not loaded"}, nil
		}
		if err := la.MiniProgram.CheckURL(api, a.URL); err != nil {
			return nil, err
		}
		req, err := buildForward(ctx, api, appID, a)
		if err != nil {
			return app.Result{"errMsg": api + ":fail " + err.Error()}, nil
		}
		timeout := forwardTimeout
		if a.Timeout > 0 && time.Duration(a.Timeout)*time.Millisecond < timeout {
			timeout = time.Duration(a.Timeout) * time.Millisecond
		}
		rctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		client := &http.Client{Transport: notSelf(h.BaseURL()), CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("too many redirects")
			}
			return la.MiniProgram.CheckURL(api, r.URL.String())
		}}
		resp, err := client.Do(req.WithContext(rctx))
		if err != nil {
			var f *app.Fail
			switch {
			case errors.As(err, &f):
				return nil, f
			case errors.Is(rctx.Err(), context.DeadlineExceeded):
				return app.Result{"errMsg": api + ":fail timeout"}, nil
			}
			return app.Result{"errMsg": api + ":fail " + err.Error()}, nil
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(io.LimitReader(resp.Body, MaxForwardBody+1))
		if err != nil {
			return app.Result{"errMsg": api + ":fail " + err.Error()}, nil
		}
		if len(data) > MaxForwardBody {
			return app.Result{"errMsg": fmt.Sprintf("%s:fail response larger than %d bytes", api, MaxForwardBody)}, nil
		}
		header := map[string]string{}
		for k, v := range resp.Header {
			header[k] = strings.Join(v, ", ")
		}
		res := app.Result{"statusCode": resp.StatusCode, "header": header, "body64": base64.StdEncoding.EncodeToString(data)}
		if c := resp.Header.Values("Set-Cookie"); len(c) > 0 {
			res["cookies"] = c
		}
		return app.OK(api, res), nil
	}
}

// notSelf is a transport that will not connect to minihost's own listener
// (a loopback address on its port): a page's request must not reach the
// control API or another app's origin through the host. Every other address,
// a developer's local backend included, is reachable, as in the IDE.
func notSelf(base string) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	u, err := url.Parse(base)
	if err != nil || u.Port() == "" {
		return t
	}
	own := u.Port()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, port, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); port == own && ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
				return errors.New("url is minihost itself")
			}
			return nil
		}}
	t.DialContext = d.DialContext
	return t
}

func buildForward(ctx context.Context, api, appID string, a forwardArgs) (*http.Request, error) {
	method := strings.ToUpper(a.Method)
	if method == "" {
		method = http.MethodGet
	}
	var body []byte
	var err error
	contentType := ""
	switch api {
	case "downloadFile":
		method = http.MethodGet
	case "uploadFile":
		method = http.MethodPost
		if a.Name == "" {
			return nil, errors.New("parameter error: parameter.name should be String instead of Undefined;")
		}
		file, err := base64.StdEncoding.DecodeString(a.File64)
		if err != nil {
			return nil, fmt.Errorf("file: %w", err)
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range a.FormData {
			mw.WriteField(k, v)
		}
		fw, err := mw.CreateFormFile(a.Name, cmpOr(a.FileName, "file"))
		if err == nil {
			_, err = fw.Write(file)
		}
		if err == nil {
			err = mw.Close()
		}
		if err != nil {
			return nil, err
		}
		body, contentType = buf.Bytes(), mw.FormDataContentType()
	default:
		if !methods[method] {
			return nil, fmt.Errorf("invalid method %q", a.Method)
		}
		if body, err = base64.StdEncoding.DecodeString(a.Body64); err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
	}
	if len(body) > MaxForwardBody {
		return nil, fmt.Errorf("request body larger than %d bytes", MaxForwardBody)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range a.Header {
		if strings.EqualFold(k, "Referer") || strings.EqualFold(k, "Host") || strings.EqualFold(k, "Content-Length") {
			continue // the client's own, as on the phone
		}
		req.Header.Set(k, v)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	// The phone sends the app's page as Referer: servicewechat.com/<appid>/<version>/page-frame.html.
	req.Header.Set("Referer", "https://servicewechat.com/"+appID+"/devtools/page-frame.html")
	return req, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
