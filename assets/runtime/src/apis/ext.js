// Third-party platform ext config (ext.json): minihost runs a mini program
// as its own developer wrote it, with no platform in between, so the config
// is empty, as on a phone for an app that has no ext.json. Real projects
// read it at onLaunch (`wx.getExtConfigSync().subDomain`).
// Experiment parameters (getExptInfoSync): minihost runs no experiments,
// so every asked key is absent, as for a user in no experiment group.
export function extRows() {
  return {
    getExptInfoSync: { kind: 'sync', impl: () => ({}) },
    getExtConfigSync: { kind: 'sync', impl: () => ({}) },
    getExtConfig: { kind: 'async', impl: () => ({ extConfig: {} }) },
  };
}
