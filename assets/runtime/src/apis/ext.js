// Third-party platform ext config (ext.json): minihost runs a mini program
// as its own developer wrote it, with no platform in between, so the config
// is empty, as on a phone for an app that has no ext.json. Real projects
// read it at onLaunch (`wx.getExtConfigSync().subDomain`).
export function extRows() {
  return {
    getExtConfigSync: { kind: 'sync', impl: () => ({}) },
    getExtConfig: { kind: 'async', impl: () => ({ extConfig: {} }) },
  };
}
