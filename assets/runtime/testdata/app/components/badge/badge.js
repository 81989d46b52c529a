Component({ behaviors: ['wx://form-field', 'wx://not-a-thing'], options: { addGlobalClass: true } });
