// Theme variables: app.json window/tabBar values written as "@name" are looked
// up in the file themeLocation names ({light:{…}, dark:{…}}).

export function themeVars(theme, dark) {
  if (!theme || typeof theme !== 'object') return {};
  const base = theme.light && typeof theme.light === 'object' ? theme.light : {};
  const over = dark && theme.dark && typeof theme.dark === 'object' ? theme.dark : {};
  return { ...base, ...over };
}

// resolveTheme returns a copy of value with every "@name" string replaced by
// vars[name]; unknown names are left as written.
export function resolveTheme(value, vars) {
  if (typeof value === 'string') {
    if (value.startsWith('@')) {
      const name = value.slice(1);
      if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveTheme(v, vars));
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value)) out[k] = resolveTheme(value[k], vars);
    return out;
  }
  return value;
}
