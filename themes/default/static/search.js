// Search for the plansite default theme. Reads the index that `plansite build` writes under
// search/ (its format is described in src/search/), a piece at a time: a query fetches only
// the index shards of its own words, then the titles and pages of the results it shows.
// Words are split exactly as src/tokens.rs splits them; the two must change together.
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 30;
  var EXCERPT_AFTER = 90;
  // Ranking: a match in the title counts most, then unit, tags, year or kind, then the body.
  var TITLE = 0x80, UNIT = 0x40, TAGS = 0x20, FACTS = 0x10, BODY = 0x0f;

  var script = document.currentScript;
  var root = new URL(script.getAttribute('data-root') || '', location.href);
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var input = document.querySelector('form[role="search"] input[name="q"]');

  function say(text) {
    status.textContent = text;
  }

  // ---- Words, as in src/tokens.rs ----

  var HAN = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]+$/u;
  var HAN_CHAR = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
  var ALNUM = /[\p{L}\p{N}]/u;
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter('en', { granularity: 'word' }) : null;

  function segments(text) {
    if (segmenter) {
      return Array.from(segmenter.segment(text), function (s) { return s.segment; });
    }
    return text.match(/[\p{L}\p{N}_.']+|./gsu) || [];
  }

  // Lower case, full-width Latin letters and digits made half-width; one UTF-16 unit in, one
  // out wherever possible, so positions in the folded text are positions in the original.
  function fold(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      var ch = c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : text[i];
      var lower = ch.toLowerCase();
      out += lower.length === ch.length ? lower : ch;
    }
    return out;
  }

  // The parts of a query term: runs of Chinese characters and other words. Each part has the
  // index tokens that find it (character pairs, or the word) and its text, checked in the page.
  function parts(term) {
    var found = [];
    var run = '';
    function endRun() {
      if (run) {
        var tokens = [];
        var chars = Array.from(run);
        for (var i = 1; i < chars.length; i++) tokens.push(chars[i - 1] + chars[i]);
        found.push({ text: run, tokens: tokens });
        run = '';
      }
    }
    segments(term).forEach(function (segment) {
      if (HAN.test(segment)) {
        run += segment;
        return;
      }
      endRun();
      if (ALNUM.test(segment)) {
        var word = fold(segment);
        found.push({ text: word, tokens: [word] });
      }
    });
    endRun();
    return found;
  }

  function hash(token) {
    var bytes = new TextEncoder().encode(token);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  // ---- The index ----

  function fetchOk(url, kind) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url.pathname + ': ' + response.status);
      return response[kind]();
    });
  }

  function Index(manifest) {
    this.manifest = manifest;
    this.shards = {};
    this.chunks = {};
  }

  Index.prototype.url = function (path) {
    return new URL(path + '?v=' + this.manifest.key, root);
  };

  // The postings of `hashes` (all in one shard): hash -> Map(document -> weight).
  Index.prototype.shard = function (n) {
    if (!this.shards[n]) {
      this.shards[n] = fetchOk(this.url('search/s/' + n + '.bin'), 'arrayBuffer')
        .then(function (buffer) { return decodeShard(new Uint8Array(buffer)); });
    }
    return this.shards[n];
  };

  Index.prototype.postings = function (token) {
    var h = hash(token);
    return this.shard(h & (this.manifest.shards - 1)).then(function (shard) {
      return shard.get(h) || new Map();
    });
  };

  Index.prototype.doc = function (id) {
    var size = this.manifest.chunk;
    var n = Math.floor(id / size);
    if (!this.chunks[n]) this.chunks[n] = fetchOk(this.url('search/d/' + n + '.json'), 'json');
    return this.chunks[n].then(function (rows) {
      var row = rows[id - n * size];
      return { title: row[0], path: row[1], unit: row[2], year: row[3], date: row[4] };
    });
  };

  // Token hash -> its postings, decoded only when asked for.
  function decodeShard(bytes) {
    var at = 0;
    function varint() {
      var value = 0, scale = 1, b;
      do {
        b = bytes[at++];
        value += (b & 0x7f) * scale;
        scale *= 128;
      } while (b & 0x80);
      return value;
    }
    var tokens = new Map();
    var count = varint();
    for (var t = 0; t < count; t++) {
      var h = (bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24) >>> 0;
      at += 4;
      var n = varint();
      var length = varint();
      tokens.set(h, { start: at, count: n });
      at += length;
    }
    return {
      get: function (h) {
        var entry = tokens.get(h);
        if (!entry) return null;
        var saved = at;
        at = entry.start;
        var docs = new Map();
        var next = 0;
        for (var k = 0; k < entry.count; k++) {
          // (gap - 1) * 256 + weight, as src/search/shards.rs writes it.
          var value = varint();
          var doc = next + Math.floor(value / 256);
          docs.set(doc, value % 256);
          next = doc + 1;
        }
        at = saved;
        return docs;
      }
    };
  }

  // ---- Ranking ----

  // Documents holding every token of a part, with the fields all of them are in and the
  // fewest body occurrences.
  function matchPart(index, part) {
    return Promise.all(part.tokens.map(function (t) { return index.postings(t); })).then(function (lists) {
      lists.sort(function (a, b) { return a.size - b.size; });
      var result = new Map();
      lists[0].forEach(function (weight, doc) {
        var fields = weight & ~BODY, body = weight & BODY;
        for (var i = 1; i < lists.length; i++) {
          var other = lists[i].get(doc);
          if (other === undefined) return;
          fields &= other;
          body = Math.min(body, other & BODY);
        }
        result.set(doc, fields | body);
      });
      return result;
    });
  }

  function score(weight) {
    return (weight & TITLE ? 100 : 0) + (weight & UNIT ? 60 : 0) + (weight & TAGS ? 40 : 0) +
      (weight & FACTS ? 30 : 0) + (weight & BODY);
  }

  function rank(index, indexed) {
    return Promise.all(indexed.map(function (p) { return matchPart(index, p); })).then(function (matches) {
      matches.sort(function (a, b) { return a.size - b.size; });
      var ranked = [];
      matches[0].forEach(function (weight, doc) {
        var total = score(weight);
        for (var i = 1; i < matches.length; i++) {
          var other = matches[i].get(doc);
          if (other === undefined) return;
          total += score(other);
        }
        ranked.push({ doc: doc, score: total });
      });
      // Equal scores: the lower number is the newer plan.
      ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return ranked;
    });
  }

  // ---- Checking and showing results ----

  function pageText(html) {
    var page = new DOMParser().parseFromString(html, 'text/html');
    var whole = page.querySelector('[data-search-text]') || page.querySelector('main') || page.body;
    var body = page.querySelector('[data-search-body]') || whole;
    return { whole: tidy(whole.textContent), body: tidy(body.textContent) };
  }

  // Line breaks inside Chinese text are not word breaks.
  function tidy(text) {
    return text
      .replace(/\s+/g, ' ')
      .replace(/([\u3400-\u9FFF\uF900-\uFAFF]) (?=[\u3400-\u9FFF\uF900-\uFAFF])/g, '$1')
      .trim();
  }

  function containsAll(text, all) {
    var folded = fold(text);
    return all.every(function (p) { return folded.indexOf(p.text) >= 0; });
  }

  // `text` as nodes, every occurrence of a part marked.
  function highlighted(text, all) {
    var folded = fold(text);
    var fragment = document.createDocumentFragment();
    var at = 0, plain = 0;
    while (at < text.length) {
      var hit = null;
      all.forEach(function (p) {
        if (p.text && folded.startsWith(p.text, at) && (!hit || p.text.length > hit.length)) hit = p.text;
      });
      if (!hit) {
        at++;
        continue;
      }
      fragment.append(text.slice(plain, at));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(at, at + hit.length);
      fragment.append(mark);
      at += hit.length;
      plain = at;
    }
    fragment.append(text.slice(plain));
    return fragment;
  }

  function excerpt(body, all) {
    var folded = fold(body);
    var first = -1;
    all.forEach(function (p) {
      var i = folded.indexOf(p.text);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    var start = Math.max(0, (first < 0 ? 0 : first) - EXCERPT_BEFORE);
    var end = Math.min(body.length, (first < 0 ? 0 : first) + EXCERPT_AFTER);
    return (start > 0 ? '…' : '') + body.slice(start, end) + (end < body.length ? '…' : '');
  }

  function show(doc, text, all) {
    var item = document.createElement('li');
    var link = document.createElement('a');
    link.href = new URL(doc.path, root).href;
    link.className = 'search-title';
    link.append(highlighted(doc.title, all));
    var facts = document.createElement('p');
    facts.className = 'search-facts';
    facts.textContent = doc.unit + ' · ' + doc.year + '年' + (doc.date ? ' · ' + doc.date : '');
    var quote = document.createElement('p');
    quote.className = 'search-excerpt';
    quote.append(highlighted(excerpt(text.body, all), all));
    item.append(link, facts, quote);
    list.append(item);
  }

  // Fetches and checks candidates until a page of results is shown or none are left.
  function showMore(index, ranked, all, state) {
    var batch = ranked.slice(state.next, state.next + PAGE_SIZE - state.pageShown);
    state.next += batch.length;
    return Promise.all(batch.map(function (r) {
      return index.doc(r.doc).then(function (doc) {
        return fetchOk(new URL(doc.path, root), 'text').then(function (html) {
          return { doc: doc, text: pageText(html) };
        });
      });
    })).then(function (loaded) {
      loaded.forEach(function (r) {
        // The index finds every pair of characters; the page must hold the whole phrase.
        if (containsAll(r.doc.title + ' ' + r.doc.unit + ' ' + r.text.whole, all)) {
          show(r.doc, r.text, all);
          state.shown++;
          state.pageShown++;
        } else {
          state.dropped++;
        }
      });
      if (state.pageShown < PAGE_SIZE && state.next < ranked.length) {
        return showMore(index, ranked, all, state);
      }
    });
  }

  function report(state, ranked, exact) {
    var left = ranked.length - state.next;
    var total = ranked.length - state.dropped;
    if (total === 0) {
      say('没有找到包含“' + state.query + '”的计划。可以换一个词，或少输入几个字。');
    } else if (exact || left === 0) {
      say('找到 ' + total + ' 份计划，已显示 ' + state.shown + ' 份。');
    } else {
      say('找到约 ' + total + ' 份计划，已显示 ' + state.shown + ' 份。');
    }
    more.hidden = left === 0;
  }

  function search(query) {
    var all = [];
    query.split(/\s+/).forEach(function (term) { all = all.concat(parts(term)); });
    var indexed = all.filter(function (p) { return p.tokens.length > 0; });
    if (indexed.length === 0) {
      say('请至少输入两个汉字或一个完整的词，例如“帮扶”。');
      return Promise.resolve();
    }
    say('正在搜索…');
    var state = { query: query, next: 0, shown: 0, pageShown: 0, dropped: 0 };
    // One token per part and no single characters: the index's answer needs no checking.
    var exact = indexed.length === all.length && indexed.every(function (p) { return p.tokens.length === 1; });
    return fetchOk(new URL('search/index.json', root), 'json').then(function (manifest) {
      if (manifest.version !== 1) throw new Error('索引版本不符，请用当前版本的 plansite 重新生成网站');
      var index = new Index(manifest);
      return rank(index, indexed).then(function (ranked) {
        var next = function () {
          state.pageShown = 0;
          more.disabled = true;
          return showMore(index, ranked, all, state).then(function () {
            more.disabled = false;
            report(state, ranked, exact);
          });
        };
        more.addEventListener('click', function () {
          next().catch(failed);
        });
        return next();
      });
    });
  }

  function failed(error) {
    say('搜索出错：' + error.message + '。请稍后再试，或告诉网站管理员。');
  }

  if (location.protocol === 'file:') {
    say('搜索需要通过网站服务器打开本站（内网服务器，或预览用的 plansite serve）。' +
      '直接从磁盘打开时，浏览器不允许网页读取搜索索引。可以改用“按单位”“按年份”浏览。');
    return;
  }
  var query = (new URLSearchParams(location.search).get('q') || '').trim();
  if (input) {
    input.value = query;
    if (!query) input.focus();
  }
  if (!query) {
    say('请输入要查找的词语，例如“帮扶”“困难职工”或“街道 2014”。');
    return;
  }
  document.title = query + ' · ' + document.title;
  search(query).catch(failed);
})();
