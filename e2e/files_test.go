package e2e

import (
	"testing"
	"time"
)

// TestFileSystemManager: a page keeps notes in the user folder with
// wx.getFileSystemManager(), as apps cache what they fetched: the Sync and
// callback forms, a folder, reading back; its package's files are readable;
// a temporary file (a blob: URL, as chooseImage answers) is saved into the
// user folder. The notes are still there after kill -9 and a restart, and
// only for the persona who wrote them.
func TestFileSystemManager(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx66696c6573797301"}`,
		"app.json":            `{"pages":["pages/a/a"]}`,
		"app.js":              "App({})\n",
		"data/words.txt":      "alpha beta\n",
		"pages/a/a.js": `const fs = wx.getFileSystemManager()
const notes = wx.env.USER_DATA_PATH + '/notes'
const today = notes + '/today.json'
Page({
  data: { saved: '', read: '', words: '', missing: '', temp: '' },
  save() {
    try { fs.accessSync(notes) } catch (e) { fs.mkdirSync(notes, true) }
    fs.writeFileSync(today, JSON.stringify({ text: 'buy milk' }), 'utf8')
    fs.appendFile({
      filePath: today, data: '\n', encoding: 'utf8',
      success: () => this.setData({ saved: 'files ' + fs.readdirSync(notes).join(',') + ' size ' + fs.statSync(today).size }),
      fail: (e) => this.setData({ saved: e.errMsg }),
    })
  },
  read() {
    fs.readFile({ filePath: today, encoding: 'utf8' })
      .then((res) => this.setData({ read: JSON.parse(res.data).text }))
      .catch((e) => this.setData({ read: e.errMsg }))
  },
  words() {
    this.setData({ words: fs.readFileSync('/data/words.txt', 'utf8').trim() + ' ' + fs.readFileSync('data/words.txt', 'base64') })
  },
  missing() {
    fs.readFile({ filePath: notes + '/nope.txt', fail: (e) => this.setData({ missing: e.errMsg }) })
  },
  saveTemp(tempFilePath) {
    fs.saveFile({
      tempFilePath,
      success: (res) => this.setData({ temp: new Uint8Array(fs.readFileSync(res.savedFilePath)).join(',') + ' ' + res.savedFilePath.startsWith(wx.env.USER_DATA_PATH) }),
      fail: (e) => this.setData({ temp: e.errMsg }),
    })
  },
  // the older wx.* forms, as many published apps still call them
  async legacy(tempFilePath) {
    const { savedFilePath } = await wx.saveFile({ tempFilePath })
    const info = await wx.getFileInfo({ filePath: savedFilePath })
    const { fileList } = await wx.getSavedFileList()
    await wx.removeSavedFile({ filePath: savedFilePath })
    const after = await wx.getSavedFileList()
    this.setData({ legacy: info.size + ' ' + info.digest + ' ' + (fileList.length - after.fileList.length) })
  },
})
`,
		"pages/a/a.wxml": `<button id="save" bindtap="save">Save</button>
<button id="read" bindtap="read">Read</button>
<button id="words" bindtap="words">Words</button>
<button id="missing" bindtap="missing">Missing</button>
<text id="saved">{{saved}}</text>
<text id="readout">{{read}}</text>
<text id="wordsout">{{words}}</text>
<text id="missingout">{{missing}}</text>
<text id="temp">{{temp}}</text>
<text id="legacy">{{legacy}}</text>`,
	})
	h := startProject(t, dir)
	p := newMPTab(t, 90*time.Second)
	p.open(t, h.app().URL+"/")
	p.tap(t, "save")
	p.waitText(t, "saved", "files today.json size 20")
	p.tap(t, "read")
	p.waitText(t, "readout", "buy milk")
	p.tap(t, "words")
	p.waitText(t, "wordsout", "alpha beta YWxwaGEgYmV0YQo=")
	p.tap(t, "missing")
	p.waitText(t, "missingout", "readFile:fail no such file or directory, open wxfile://usr/notes/nope.txt")
	// a temporary file, as chooseImage's blob: URLs
	var ok int
	p.eval(t, `getCurrentPages()[0].saveTemp(URL.createObjectURL(new Blob([new Uint8Array([1, 2, 250])]))), 1`, &ok)
	p.waitText(t, "temp", "1,2,250 true")
	p.eval(t, `getCurrentPages()[0].legacy(URL.createObjectURL(new Blob([new Uint8Array([1, 2, 250])]))), 1`, &ok)
	p.waitText(t, "legacy", "3 2af845112c19b44446d86956c66af2ce 1") // size, MD5, one file fewer after removeSavedFile

	h.Restart() // kill -9
	p.open(t, h.app().URL+"/")
	p.tap(t, "read")
	p.waitText(t, "readout", "buy milk")

	// another persona has a folder of their own
	if out, err := ctlRun(t, h.DataDir, "personas", "switch", "bob"); err != nil {
		t.Fatalf("switch persona: %v\n%s", err, out)
	}
	p.open(t, h.app().URL+"/")
	p.tap(t, "read")
	p.waitText(t, "readout", "readFile:fail no such file or directory, open wxfile://usr/notes/today.json")
}
