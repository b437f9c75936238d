# 文件头及计划的各字段
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

front-matter-empty-file = 这个文件是空的
    .help = { -front-matter-example }
    .about = 空的计划文件

front-matter-not-opened = 文件头缺少开头的 `---` 行
    .help = { -front-matter-example }
    .about = 缺少开头 `---` 行的文件头

front-matter-missing = 这个文件没有文件头
    .help = { -front-matter-example }
    .about = 没有文件头的计划文件

front-matter-not-closed = 文件头没有结束：缺少第二个 `---` 行
    .help = 在文件头最后一行（例如 `year: 2015`）之后、计划正文之前，加一行 `---`
    .about = 缺少结尾 `---` 行的文件头

front-matter-not-a-mapping = 文件头不是一行一个“字段: 值”的格式
    .help = 每行写一个字段，例如 `title: 2015年工会工作计划`
    .about = 不是“字段: 值”格式的文件头

front-matter-yaml = 文件头不是有效的 YAML：{ $error }
    .help = 请检查这一行：值里有 `: `，或以特殊符号开头时，要加引号，例如 title: "通知: 安排"
    .help-whole = 请检查文件头：每行都是 `字段: 值`，值里有 `: ` 时要加引号
    .about = 不是有效 YAML 的文件头

front-matter-second-document = 文件头中间有一行以 `---` 或 `...` 开头，会被当作另一段内容的开始
    .help = 文件头在只有 `---` 的那一行结束；删掉这行短横线后面的文字，或把这一行移到文件头下面
    .about = 文件头中间的 `---` 或 `...` 行

plan-key-not-a-word = 文件头的字段名应该是一个词，这里是 `{ $key }`
    .about = 不是一个词的字段名

plan-key-unknown = 不认识的字段 `{ $key }`，是不是 `{ $likely }`？
    .help = 把它改为 `{ $likely }`；照现在这样写，网站的页面不会用到它（只有自定义模板能以 `extra.{ $key }` 读到）
    .about = 未知但像已知字段名的字段

plan-title-missing = 缺少 `title`
    .help = 在文件头里加一行 `title: 2015年工会工作计划`
    .about = 缺少 `title` 的计划

plan-title-empty = `title` 是空的
    .help = 照这样写：`title: 2015年工会工作计划`
    .about = 空的 `title`

plan-title-duplicate = 标题“{ $title }”已被 { $other } 使用
    .help = 读者靠标题区分计划：请改一个不同的标题（写明单位、时间段或“修订稿”），或者删掉重复的那份
    .about = 与另一份计划标题相同

plan-unit-missing = 缺少 `unit`
    .help = 在文件头里加一行 `unit: 区总工会`
    .about = 缺少 `unit` 的计划

plan-unit-empty = `unit` 是空的
    .help = 照这样写：`unit: 区总工会`
    .about = 空的 `unit`

plan-unit-undeclared = 单位“{ $unit }”没有在 site.yaml 中登记
    .help = 是不是“{ $close }”？如果“{ $unit }”没错，请在 site.yaml 的 `units:` 下登记它
    .help-declare = 在 site.yaml 的 `units:` 下登记它，它才会出现在单位树中
    .help-list = 已登记的单位有：{ $declared }；或者在 site.yaml 的 `units:` 下登记“{ $unit }”
    .about = site.yaml 中未登记的单位

plan-field-not-text = `{ $key }` 应该是文字，这里是{ plan-found }
    .help = 把它写在 `{ $key }: ` 后面，写在同一行；如果它以 [、{"{"}、- 或 * 开头，请在两边加引号
    .about = 应为文字却不是文字的字段

plan-date-out-of-range = `date` 的年份应在 { $first } 到 { $last } 之间，这里是 `{ $found }`
    .help = 请检查日期中的年份，例如 `date: 2015-03-01`
    .about = 超出可用年份范围的 `date`

plan-date-not-a-date = `date` 应该按 YYYY-MM-DD 的格式写日期，这里是 `{ $found }`
    .help = 例如 `date: 2015-03-01`
    .about = 不是 YYYY-MM-DD 格式的 `date`

plan-year-missing = 缺少 `year`
    .help = 在文件头里加一行 `year: 2015`（或 `date: 2015-03-01`）
    .about = 既没有 `year` 也没有 `date` 的计划

plan-year-not-a-number = `year` 应该是 2015 这样的整数，这里是{ plan-found }
    .help = 只写数字：`year: 2015`（不要写 2015年，也不要写 xx年）
    .about = 不是整数的 `year`

plan-year-out-of-range = `year` 应在 { $first } 到 { $last } 之间
    .help = 写出年份的四位数字，例如 `year: 2015`
    .about = 超出可用年份范围的 `year`

plan-year-not-the-dates = `year` 是 { $year }，但 `date` 在 { $date-year } 年
    .help = 请改正写错的那个；计划按 `year` 归档
    .about = 与 `date` 年份不一致的 `year`

plan-tags-not-a-word = 每个标签应该是一个词，这里是{ plan-found }
    .help = { -tags-as-a-list }
    .about = 不是一个词的标签

plan-tags-not-a-list = `tags` 应该是一个列表，这里是{ plan-found }
    .help = { -tags-as-a-list }
    .about = 不是列表的 `tags`

plan-draft-not-a-bool = `draft` 只能是 true 或 false，这里是{ plan-found }
    .help = 计划还没定稿时写 `draft: true`；要发布时写 `draft: false`（或删掉这一行）
    .about = 不是 true 或 false 的 `draft`

plan-slug-invalid = 不能使用 `slug: { $slug }`：它{ $why }
    .help = 只用字母、数字和短横线，例如 `slug: 2015-gonghui-jihua`；或者删掉这一行，改用文件名
    .about = 不能使用的 `slug:`

plan-slug-duplicate = 网址名（slug）`{ $slug }` 已被 { $other } 使用{ $case ->
        [yes] ：`{ $this }` 和 `{ $that }` 只有字母大小写不同，Windows 和 macOS 分不出来
       *[other] {""}
    }
    .help = 给其中一个文件改名，或者在它的文件头里另写一个 `slug:`
    .about = 与另一份计划的网址名（slug）相同

plan-body-empty = 这份计划的文件头后面没有正文
    .help = 在结尾的 `---` 行下面写计划正文
    .about = 文件头之后没有正文的计划

-front-matter-example = 文件开头要写文件头，放在两行 `---` 之间：
    {"  "}---
    {"  "}title: 2015年工会工作计划
    {"  "}unit: 区总工会
    {"  "}year: 2015
    {"  "}---

-tags-as-a-list = 把标签写成列表：`tags: [困难帮扶, 女职工]`

# 字段里写的不是应有的内容时，写的是什么：拼进上面的消息里，使用引用它的消息的值（$found-kind 和 $found）。
plan-found = { $found-kind ->
        [nothing] 空值
        [bool] `{ $found }`（true/false）
        [number] 数字 `{ $found }`
        [text] 文字“{ $found }”
        [list] 一个列表
        [mapping] 一组“字段: 值”行
        [tagged] 带标记的值 `{ $found }`
       *[other] `{ $found }`
    }

