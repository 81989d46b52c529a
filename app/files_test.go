package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

// TestFiles runs a page's file operations in order, each with the error it
// must get ("" none) and, for reads, what it must see.
func TestFiles(t *testing.T) {
	th := newTestHost(t, nil, nil)
	at := func(api string) app.FilesAt { return app.FilesAt{API: api, AppID: testAppID} }
	const usr = app.UserDataPath
	type step struct {
		name string
		do   func() (string, error)
		want string // what do returned
		err  string // a part of the error, "" for none
	}
	write := func(p, data string, add bool) func() (string, error) {
		return func() (string, error) { return "", th.FileWrite(at("writeFile"), p, []byte(data), add) }
	}
	read := func(p string) func() (string, error) {
		return func() (string, error) { b, err := th.FileRead(at("readFile"), p); return string(b), err }
	}
	list := func(p string) func() (string, error) {
		return func() (string, error) { n, err := th.FileReadDir(at("readdir"), p); return strings.Join(n, ","), err }
	}
	stat := func(p string, recursive bool) func() (string, error) {
		return func() (string, error) {
			st, err := th.FileStat(at("stat"), p, recursive)
			var out []string
			for _, s := range st {
				out = append(out, fmt.Sprintf("%s:%v:%d", s.Path, s.Dir, s.Size))
			}
			return strings.Join(out, " "), err
		}
	}
	mkdir := func(p string, rec bool) func() (string, error) {
		return func() (string, error) { return "", th.FileMkdir(at("mkdir"), p, rec) }
	}
	remove := func(p string, dir, rec bool) func() (string, error) {
		return func() (string, error) { return "", th.FileRemove(at("rmdir"), p, dir, rec) }
	}
	move := func(from, to string, cp bool) func() (string, error) {
		return func() (string, error) { return "", th.FileMove(at("rename"), from, to, cp) }
	}
	steps := []step{
		{"the user folder is there, empty", list(usr), "", ""},
		{"write a file", write(usr+"/a.txt", "hello", false), "", ""},
		{"read it", read(usr + "/a.txt"), "hello", ""},
		{"append", write(usr+"/a.txt", " world", true), "", ""},
		{"read again", read(usr + "/a.txt"), "hello world", ""},
		{"append to a file that is not there", write(usr+"/b.txt", "x", true), "", "no such file or directory, open " + usr + "/b.txt"},
		{"outside the user folder", write("wxfile://tmp/x", "x", false), "", "permission denied, open wxfile://tmp/x"},
		{"a package path", write("/pages/a.js", "x", false), "", "permission denied"},
		{".. stays in the folder", write(usr+"/../../etc/passwd", "x", false), "", "no such file or directory"},
		{"into a folder that is not there", write(usr+"/d/x.txt", "x", false), "", "no such file or directory, open " + usr + "/d/x.txt"},
		{"mkdir", mkdir(usr+"/d", false), "", ""},
		{"mkdir again", mkdir(usr+"/d", false), "", "file already exists"},
		{"mkdir below a missing one", mkdir(usr+"/p/q", false), "", "no such file or directory"},
		{"mkdir recursive", mkdir(usr+"/p/q", true), "", ""},
		{"write in it", write(usr+"/d/x.txt", "xyz", false), "", ""},
		{"readdir", list(usr), "a.txt,d,p", ""},
		{"readdir a file", list(usr + "/a.txt"), "", "not a directory"},
		{"stat a file", stat(usr+"/a.txt", false), ":false:11", ""},
		{"stat recursive", stat(usr+"/d", true), ":true:0 x.txt:false:3", ""},
		{"stat a missing path", stat(usr+"/nope", false), "", "no such file or directory"},
		{"read a folder", read(usr + "/d"), "", "illegal operation on a directory"},
		{"unlink a folder", remove(usr+"/d", false, false), "", "operation not permitted"},
		{"rmdir a full folder", remove(usr+"/d", true, false), "", "directory not empty"},
		{"rename a folder", move(usr+"/d", usr+"/p/q/d2", false), "", ""},
		{"it moved with its file", read(usr + "/p/q/d2/x.txt"), "xyz", ""},
		{"the old one is gone", list(usr), "a.txt,p", ""},
		{"a folder into itself", move(usr+"/p", usr+"/p/q/p", false), "", "invalid argument"},
		{"copy a file", move(usr+"/a.txt", usr+"/p/a2.txt", true), "", ""},
		{"the copy", read(usr + "/p/a2.txt"), "hello world", ""},
		{"copy a folder", move(usr+"/p", usr+"/p3", true), "", "illegal operation on a directory"},
		{"rmdir recursive", remove(usr+"/p", true, true), "", ""},
		{"all of it gone", list(usr), "a.txt", ""},
		{"unlink", remove(usr+"/a.txt", false, false), "", ""},
		{"unlink again", remove(usr+"/a.txt", false, false), "", "no such file or directory"},
		{"the user folder itself", remove(usr, true, true), "", "permission denied"},
		{"over the limit", write(usr+"/big", strings.Repeat("x", app.FilesAppLimit+1), false), "", "the maximum size of the file storage limit is exceeded"},
	}
	for _, s := range steps {
		got, err := s.do()
		switch {
		case s.err == "" && err != nil:
			t.Errorf("%s: %v", s.name, err)
		case s.err != "" && (err == nil || !strings.Contains(err.Error(), s.err)):
			t.Errorf("%s: error %v, want one with %q", s.name, err, s.err)
		case got != s.want:
			t.Errorf("%s: %q, want %q", s.name, got, s.want)
		}
	}
}

// TestFilesPerPersonaAndApp: a persona's files in an app are theirs alone,
// and are there after a restart.
func TestFilesPerPersonaAndApp(t *testing.T) {
	th := newTestHost(t, nil, nil)
	p := app.UserDataPath + "/note.txt"
	if err := th.FileWrite(app.FilesAt{API: "writeFile", AppID: testAppID}, p, []byte("alice's"), false); err != nil {
		t.Fatal(err)
	}
	if err := th.SwitchPersona(context.Background(), "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := th.FileRead(app.FilesAt{API: "readFile", AppID: testAppID}, p); err == nil {
		t.Error("bob reads alice's file")
	}
	if _, err := th.FileRead(app.FilesAt{API: "readFile", Persona: "alice", AppID: "wxother"}, p); err == nil {
		t.Error("another app reads alice's file")
	}
	th.open(t) // a restart
	if b, err := th.FileRead(app.FilesAt{API: "readFile", Persona: "alice", AppID: testAppID}, p); err != nil || string(b) != "alice's" {
		t.Errorf("after a restart: %q, %v", b, err)
	}
}
