//! The same corpus as a Hugo site: the same bodies, front matter with the taxonomies `units`,
//! `years` and `tags`, and minimal templates showing what plansite's default theme shows
//! (a plan with its unit, year, tags, table of contents, length and its unit's older and newer
//! plan; a term's plans grouped by year with their summaries; the home page's newest plans and
//! every unit, year and tag with counts; the lists of terms; a 404 page).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::corpus::{Corpus, SITE_TITLE};

/// Which pages Hugo is asked to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outputs {
    /// What plansite builds: HTML for home, plans, taxonomies and terms, one feed of the 20
    /// newest plans, a sitemap and a 404 page. Hugo's other default outputs (the section page
    /// listing every plan, and an RSS feed of all plans for every list page) are not built,
    /// because plansite builds nothing like them.
    SameAsPlansite,
    /// Hugo's own defaults, nothing switched off.
    HugoDefaults,
}

pub fn write(corpus: &Corpus, root: &Path, outputs: Outputs) -> io::Result<()> {
    fs::create_dir_all(root.join("content/plans"))?;
    fs::create_dir_all(root.join("layouts"))?;
    fs::create_dir_all(root.join("static"))?;
    // Top-level keys first: in TOML, keys after a table header belong to that table.
    let mut config = format!(
        "baseURL = \"https://intranet.example/plans/\"\nlocale = \"zh-CN\"\ntitle = \"{SITE_TITLE}\"\n\
         hasCJKLanguage = true\n"
    );
    if outputs == Outputs::SameAsPlansite {
        config.push_str(
            "disableKinds = [\"section\"]\n\n[outputs]\n  home = [\"html\", \"rss\"]\n  \
             taxonomy = [\"html\"]\n  term = [\"html\"]\n\n[services.rss]\n  limit = 20\n",
        );
    }
    config.push_str("\n[taxonomies]\n  unit = \"units\"\n  year = \"years\"\n  tag = \"tags\"\n");
    fs::write(root.join("hugo.toml"), config)?;
    for (name, text) in LAYOUTS {
        fs::write(root.join("layouts").join(name), text)?;
    }
    fs::write(root.join("static/style.css"), STYLE)?;
    corpus.write_plans(root, |i| plan_file(corpus, i))
}

fn plan_file(corpus: &Corpus, index: usize) -> String {
    let plan = &corpus.plans[index];
    let (month, day) = plan.date.unwrap_or((1, 1));
    let mut text = format!(
        "---\ntitle: {}\ndate: {}-{month:02}-{day:02}\nkind: {}\nunits: [{}]\nyears: [\"{}\"]\ntags: [{}]\n",
        plan.title,
        plan.year,
        plan.kind,
        corpus.units[plan.unit].name,
        plan.year,
        plan.tags.join(", ")
    );
    if let Some(author) = plan.author {
        let _ = writeln!(text, "author: {author}");
    }
    if plan.draft {
        text.push_str("draft: true\n");
    }
    text.push_str("---\n\n");
    text.push_str(&corpus.body(index));
    text
}

const LAYOUTS: [(&str, &str); 7] = [
    (
        "baseof.html",
        r##"<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header"><a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="栏目"><a href="{{ "units/" | relURL }}">单位</a> <a href="{{ "years/" | relURL }}">年份</a> <a href="{{ "tags/" | relURL }}">主题</a></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer">{{ site.Title }} · 共 {{ len site.RegularPages }} 份计划</footer>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r##"{{ define "main" }}
{{ $unit := index (.GetTerms "units") 0 }}
<nav class="breadcrumbs" aria-label="位置"><a href="{{ site.Home.RelPermalink }}">首页</a> › <a href="{{ "units/" | relURL }}">单位</a> › <a href="{{ $unit.RelPermalink }}">{{ $unit.LinkTitle }}</a></nav>
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><a href="{{ $unit.RelPermalink }}">{{ $unit.LinkTitle }}</a>{{ range .GetTerms "years" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}年</a>{{ end }} · {{ .Params.kind }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>{{ with .Params.author }} · {{ . }}{{ end }}</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<nav class="toc" aria-label="目录">{{ .TableOfContents }}</nav>
<div class="text">{{ .Content }}</div>
<p class="length">{{ .WordCount }} 字 · 约 {{ .ReadingTime }} 分钟</p>
</article>
{{ $pages := $unit.Pages }}
<nav class="pager" aria-label="本单位的其他计划">
{{ with $pages.Next . }}<a rel="prev" href="{{ .RelPermalink }}">较早：{{ .Title }}</a>{{ end }}
{{ with $pages.Prev . }}<a rel="next" href="{{ .RelPermalink }}">较新：{{ .Title }}</a>{{ end }}
</nav>
{{ end }}
"##,
    ),
    (
        "term.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="meta">共 {{ len .Pages }} 份</p>
{{ range .Pages.GroupByDate "2006" }}
<section class="group"><h2>{{ .Key }}年 <span class="count">{{ len .Pages }} 份</span></h2>
<ul class="plan-list">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p class="plan-meta">{{ range .GetTerms "units" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }} · {{ .Params.kind }} · <time>{{ .Date.Format "2006-01-02" }}</time></p>
<p class="plan-summary">{{ .Summary | plainify | truncate 120 }}</p></li>
{{ end }}</ul>
</section>
{{ end }}
{{ end }}
"##,
    ),
    (
        "taxonomy.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }} 份</span></li>
{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "home.html",
        r##"{{ define "title" }}{{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<section><h2>最新计划</h2>
<ul class="plan-list">{{ range first 12 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p class="plan-summary">{{ .Summary | plainify | truncate 120 }}</p></li>
{{ end }}</ul></section>
<section><h2>单位</h2><ul>{{ range site.Taxonomies.units.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul></section>
<section><h2>年份</h2><ul>{{ range site.Taxonomies.years.Alphabetical.Reverse }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul></section>
<section><h2>主题</h2><ul>{{ range site.Taxonomies.tags.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul></section>
{{ end }}
"##,
    ),
    (
        "list.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="plan-list">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}
<h1>找不到这个页面</h1>
<p><a href="{{ site.Home.RelPermalink }}">回到首页</a></p>
{{ end }}
"##,
    ),
];

const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.7}\n\
.plan-list{list-style:none;padding:0}.plan-meta,.meta,.count{color:#555}\n";
