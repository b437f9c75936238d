# 文件头及计划的各字段
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

front-matter-empty-file =
    .about = 空的计划文件

front-matter-not-opened =
    .about = 缺少开头 `---` 行的文件头

front-matter-missing =
    .about = 没有文件头的计划文件

front-matter-not-closed =
    .about = 缺少结尾 `---` 行的文件头

front-matter-not-a-mapping =
    .about = 不是“字段: 值”格式的文件头

front-matter-yaml =
    .about = 不是有效 YAML 的文件头

front-matter-second-document =
    .about = 文件头中间的 `---` 或 `...` 行

plan-key-not-a-word =
    .about = 不是一个词的字段名

plan-key-unknown =
    .about = 未知但像已知字段名的字段

plan-title-missing =
    .about = 缺少 `title` 的计划

plan-title-empty =
    .about = 空的 `title`

plan-title-duplicate =
    .about = 与另一份计划标题相同

plan-unit-missing =
    .about = 缺少 `unit` 的计划

plan-unit-empty =
    .about = 空的 `unit`

plan-unit-undeclared =
    .about = site.yaml 中未声明的单位

plan-field-not-text =
    .about = 应为文字却不是文字的字段

plan-date-out-of-range =
    .about = 超出可用年份范围的 `date`

plan-date-not-a-date =
    .about = 不是 YYYY-MM-DD 格式的 `date`

plan-year-missing =
    .about = 既没有 `year` 也没有 `date` 的计划

plan-year-not-a-number =
    .about = 不是整数的 `year`

plan-year-out-of-range =
    .about = 超出可用年份范围的 `year`

plan-year-not-the-dates =
    .about = 与 `date` 年份不一致的 `year`

plan-tags-not-a-word =
    .about = 不是一个词的标签

plan-tags-not-a-list =
    .about = 不是列表的 `tags`

plan-draft-not-a-bool =
    .about = 不是 true 或 false 的 `draft`

plan-slug-invalid =
    .about = 不能使用的 `slug:`

plan-slug-duplicate =
    .about = 与另一份计划 slug 相同

plan-body-empty =
    .about = 文件头之后没有正文的计划
