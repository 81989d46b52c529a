Page({ data: { hasApp: String(!!getApp()) } });
