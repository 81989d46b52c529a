// holds wx from load time, as helper modules of published mini programs do
const w = wx;

module.exports = {
  toast(title) { return w.showToast({ title, icon: 'none' }); },
  token() { return w.getStorageSync('token'); },
};
