// Routing APIs: the router does the work.
export function routeRows(ctx) {
  const nav = (api) => ({ kind: 'async', impl: (opts) => ctx.router().navigate(api, opts) });
  return {
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    navigateBack: nav('navigateBack'),
    reLaunch: nav('reLaunch'),
    switchTab: nav('switchTab'),
  };
}
