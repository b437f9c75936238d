# 整个网站与模板
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

unit-slug-clash = 单位“{ $other }”和“{ $unit }”的网址会相同（都是 `{ $address }`），“{ $unit }”改用 `{ $slug }`
    .help = 在 site.yaml 里登记这个单位，用 `slug:` 给它另定一个网址名
    .about = 网址会相同的单位

tag-slug-clash = 标签“{ $other }”和“{ $tag }”的网址会相同（都是 `{ $address }`），“{ $tag }”改用 `{ $slug }`
    .help = 如果两个标签是同一个意思，请在每份计划里写成完全一样的
    .about = 网址会相同的标签

static-overwrites-page = 这个静态文件会覆盖生成的页面 { $page }
    .help = 给这个静态文件改名，或者删除它
    .about = 占了生成页面位置的静态文件

# $why：`changed`（读回的内容与写入时不同）或 `other`（$error 是系统给出的说明）
plan-body-unreadable = 这份计划已生成的正文无法读回：{ $why ->
        [changed] 存放它的文件在生成期间被别的程序改动了
       *[other] { $error }
    }
    .help = 原来的网站保持不变；再生成一次，仍不行就用 `plansite build --no-cache` 不带缓存生成
    .about = 已生成却无法读回正文的计划

# $kind：`tera`（$error 是 Tera 给出的说明），或 `missing-parent`（$error 是 `extends` 指定的模板）
template-error = 模板错误：{ $kind ->
        [missing-parent] `extends` 指定的 `{ $error }` 不是这个主题里的模板
       *[other] { $error }
    }
    .about = 模板错误

template-unreadable = 无法读取：{ $error }
    .about = 无法读取的模板文件

template-not-utf8 = 无法把模板当作 UTF-8 文本读取：{ $error }
    .about = 不是 UTF-8 文本的模板
