package hostapi

import (
	"context"
	"regexp"

	"github.com/minihost/minihost/app"
)

// fileAPIs are the user files of wx.getFileSystemManager (app/files.go).
type fileAPIs interface {
	FileWrite(at app.FilesAt, p string, data []byte, appendTo bool) error
	FileRead(at app.FilesAt, p string) ([]byte, error)
	FileStat(at app.FilesAt, p string, recursive bool) ([]app.FileStat, error)
	FileReadDir(at app.FilesAt, p string) ([]string, error)
	FileMkdir(at app.FilesAt, p string, recursive bool) error
	FileRemove(at app.FilesAt, p string, dir, recursive bool) error
	FileMove(at app.FilesAt, from, to string, copyOnly bool) error
}

// fileArgs are one file operation of the runtime's FileSystemManager. API
// is the method the page called (readFile, readFileSync…), which errMsg
// names; Path2 is the second path of rename and copyFile. _persona is the
// persona the page loaded for, as with storage.
type fileArgs struct {
	Op        string `json:"op"`
	API       string `json:"api"`
	Path      string `json:"path"`
	Path2     string `json:"path2"`
	Data64    []byte `json:"data64"`
	Recursive bool   `json:"recursive"`
	Persona   string `json:"_persona"`
}

// fileAPIName is what a page may name in errMsg: a method name.
var fileAPIName = regexp.MustCompile(`^[A-Za-z]{1,40}$`)

// fileSystemManager answers POST /wx/{appid}/fileSystemManager: one
// operation on the user folder, for the runtime's FileSystemManager (its
// Sync forms call it synchronously).
func fileSystemManager(ctx context.Context, h wxHost, appID string, body []byte) (app.Result, error) {
	var a fileArgs
	if err := decode(body, &a); err != nil {
		return nil, err
	}
	if !fileAPIName.MatchString(a.API) {
		a.API = "fileSystemManager"
	}
	if cur := h.CurrentPersona().ID; a.Persona != "" && a.Persona != cur {
		return app.Result{"errMsg": a.API + ":fail the persona changed to " + cur + "; reload the page"}, nil
	}
	at := app.FilesAt{API: a.API, AppID: appID}
	switch a.Op {
	case "writeFile", "appendFile":
		return okOr(a.API, h.FileWrite(at, a.Path, a.Data64, a.Op == "appendFile"))
	case "readFile":
		data, err := h.FileRead(at, a.Path)
		if err != nil {
			return nil, err
		}
		return app.OK(a.API, app.Result{"data64": data}), nil
	case "stat":
		st, err := h.FileStat(at, a.Path, a.Recursive)
		if err != nil {
			return nil, err
		}
		return app.OK(a.API, app.Result{"stats": st}), nil
	case "readdir":
		names, err := h.FileReadDir(at, a.Path)
		if err != nil {
			return nil, err
		}
		return app.OK(a.API, app.Result{"files": names}), nil
	case "mkdir":
		return okOr(a.API, h.FileMkdir(at, a.Path, a.Recursive))
	case "unlink", "rmdir":
		return okOr(a.API, h.FileRemove(at, a.Path, a.Op == "rmdir", a.Recursive))
	case "rename", "copyFile":
		return okOr(a.API, h.FileMove(at, a.Path, a.Path2, a.Op == "copyFile"))
	}
	return nil, &requestError{`op: want writeFile, appendFile, readFile, stat, readdir, mkdir, unlink, rmdir, rename or copyFile`}
}
