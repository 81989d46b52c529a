// Entry of dist/editor.js: Quill, the rich-text editor WeChat's <editor> is
// built on, with its core style sheet; components/editor.js loads it the
// first time a page shows an editor, so other pages never download it.
import Quill from 'quill/core';
import { AlignStyle } from 'quill/formats/align';
import { BackgroundStyle } from 'quill/formats/background';
import { ColorStyle } from 'quill/formats/color';
import { DirectionStyle } from 'quill/formats/direction';
import Bold from 'quill/formats/bold';
import Italic from 'quill/formats/italic';
import Underline from 'quill/formats/underline';
import Strike from 'quill/formats/strike';
import Script from 'quill/formats/script';
import Link from 'quill/formats/link';
import CodeBlock, { Code } from 'quill/formats/code';
import Blockquote from 'quill/formats/blockquote';
import Header from 'quill/formats/header';
import Indent from 'quill/formats/indent';
import List from 'quill/formats/list';
import Image from 'quill/formats/image';
import css from 'quill/dist/quill.core.css';

const { StyleAttributor, Scope } = Quill.import('parchment');

// The phone's editor formats that are one CSS property each, by the name a
// page gives EditorContext.format, written as inline styles (the html a page
// later shows in rich-text has no editor classes): block ones apply to the
// paragraph, inline ones to the selected text.
const BLOCK = ['margin', 'marginTop', 'marginBottom', 'marginLeft', 'marginRight', 'padding', 'paddingTop', 'paddingBottom', 'paddingLeft', 'paddingRight', 'lineHeight', 'textIndent'];
const INLINE = ['fontSize', 'fontFamily', 'fontStyle', 'fontWeight', 'letterSpacing', 'textDecoration', 'wordWrap', 'wordBreak', 'whiteSpace'];
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const styles = {};
for (const name of BLOCK) styles[`formats/${name}`] = new StyleAttributor(name, kebab(name), { scope: Scope.BLOCK });
for (const name of INLINE) styles[`formats/${name}`] = new StyleAttributor(name, kebab(name), { scope: Scope.INLINE });

// Images as the phone's insertImage writes them: the page's own files,
// temp files (blob:) and http(s) ones; extClass (class) and data
// (data-custom) kept on the <img>.
const OWN = ['class', 'data-custom'];
class EditorImage extends Image {
  static sanitize(url) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
    return !scheme || ['http', 'https', 'blob', 'data'].includes(scheme) ? url : '//:0';
  }

  static formats(node) {
    const f = super.formats(node);
    for (const a of OWN) if (node.hasAttribute(a)) f[a] = node.getAttribute(a);
    return f;
  }

  format(name, value) {
    if (!OWN.includes(name)) { super.format(name, value); return; }
    if (value) this.domNode.setAttribute(name, value); else this.domNode.removeAttribute(name);
  }
}

// insertDivider's line
const BlockEmbed = Quill.import('blots/block/embed');
class Divider extends BlockEmbed {
  static blotName = 'divider';
  static tagName = 'HR';
}

Quill.register({
  'formats/divider': Divider,
  'formats/align': AlignStyle,
  'formats/direction': DirectionStyle,
  'formats/indent': Indent,
  'formats/background': BackgroundStyle,
  'formats/backgroundColor': new StyleAttributor('backgroundColor', 'background-color', { scope: Scope.INLINE }),
  'formats/color': ColorStyle,
  'formats/bold': Bold,
  'formats/italic': Italic,
  'formats/underline': Underline,
  'formats/strike': Strike,
  'formats/script': Script,
  'formats/link': Link,
  'formats/code': Code,
  'formats/code-block': CodeBlock,
  'formats/blockquote': Blockquote,
  'formats/header': Header,
  'formats/list': List,
  'formats/image': EditorImage,
  ...styles,
}, true);

globalThis.__minihostQuill = { Quill, css };
