Component({ properties: { status: { type: String, value: 'wait' } } });
