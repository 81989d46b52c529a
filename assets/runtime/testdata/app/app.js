import { greet } from './utils/greet';

const log = [];
App({
  globalData: { greeting: greet('minihost'), log },
  onLaunch(options) { log.push(`launch:${options.path}:${options.scene}`); },
  onShow() { log.push('show'); },
  onPageNotFound(res) { log.push(`notfound:${res.path}:${res.isEntryPage}`); },
});
// real projects wrap Page; the wrapper must keep registering the right page
const originalPage = Page;
Page = function (def) {
  def.wrapped = true;
  return originalPage(def);
};
