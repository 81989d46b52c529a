// Device APIs the host answers: location (the persona's, after
// scope.userLocation), the clipboard (the host's, so it works headless),
// vibration and phone calls (call log entries). chooseLocation is a small
// picker in the page.

import { answer } from './host.js';
import { sheet } from './overlay.js';

export function hostDeviceRows(ctx, host) {
  const hostRow = (api, args = (o) => o) => ({ kind: 'async', impl: async (o) => answer(await host.call(api, args(o))) });
  return {
    getLocation: hostRow('getLocation', (o) => ({ type: o.type || 'wgs84' })),
    setClipboardData: hostRow('setClipboardData', (o) => ({ data: o.data === undefined ? undefined : String(o.data) })),
    getClipboardData: hostRow('getClipboardData', () => ({})),
    vibrateShort: hostRow('vibrateShort', (o) => ({ type: o.type || 'heavy' })),
    vibrateLong: hostRow('vibrateLong', () => ({})),
    makePhoneCall: hostRow('makePhoneCall', (o) => ({ phoneNumber: String(o.phoneNumber ?? '') })),
    chooseLocation: {
      kind: 'async',
      impl: (o) => sheet('chooseLocation', 'Choose a location', [
        ['name', 'Name', ''],
        ['address', 'Address', ''],
        ['latitude', 'Latitude', o.latitude ?? 22.540503],
        ['longitude', 'Longitude', o.longitude ?? 113.934528],
      ], (v) => {
        const latitude = Number(v.latitude);
        const longitude = Number(v.longitude);
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) return 'latitude -90…90, longitude -180…180';
        return { name: v.name, address: v.address, latitude, longitude };
      }),
    },
  };
}
