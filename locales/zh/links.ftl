# 正文中的链接、图片和附件
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

link-draft = 链接指向 { $target }，它是草稿，不会发布
    .help = 发布那份计划（删掉 `draft: true`），或者删掉这个链接
    .help-image = { -link-image-help }
    .about = 指向草稿的链接

link-missing-plan = 链接指向的计划 { $target } 不存在
    .help = { -link-target-help }
    .help-meant = { link-did-you-mean }
    .help-image = { -link-image-help }
    .about = 指向不存在的计划的链接

link-unpublished-plan = 链接指向的计划 { $target } 不会发布
    .help = { -link-target-help }
    .help-image = { -link-image-help }
    .about = 指向未发布计划的链接

link-root-absolute = 链接从网站根目录写起：`{ $dest }` 是从服务器根目录算起的地址，网站放在子路径下或直接从磁盘打开时，这个链接会失效
    .help = 改为链接到计划的 .md 文件（或附件），写从这个文件出发的路径
    .help-file = 改为链接到计划文件 `{ $file }`
    .about = 从网站根路径写起的站内链接

link-missing-heading = 链接的标题不存在：`{ $dest }` 指向的标题在 { $plan } 里没有
    .help = 改为链接到那份计划里确有的标题（计划页面开头的“目录”列出了全部标题）
    .help-meant = 是不是 `#{ $meant }`？
    .about = 指向计划中不存在的标题的链接

link-spaces = 链接地址含空格，网页上会显示成原文：`{ $target }`
    .help = 在地址两边加尖括号：`(<{ $target }>)`
    .about = 目标含空格、显示为文字的链接

link-missing-image = 图片文件 { $target } 不存在
    .help = { -link-image-help }
    .help-meant = { link-did-you-mean }
    .about = 文件不存在的图片

link-missing-file = 链接指向的文件 { $target } 不存在
    .help = { -link-target-help }
    .help-meant = { link-did-you-mean }
    .help-image = { -link-image-help }
    .about = 指向不存在文件的链接

link-unpublished-file = 链接指向的文件 { $target } 不会发布
    .help = { -link-target-help }
    .help-image = { -link-image-help }
    .about = 指向未发布文件的链接

markdown-too-deep = 列表或引用嵌套超过 { $max } 层；更深的层次会按第 { $max } 层显示
    .help = 减少嵌套：检查缩进，以及行首的 `>` 和 `-`
    .about = 列表或引用嵌套过深

html-too-deep = HTML 嵌套超过 { $max } 层；从这一行起会显示成原文
    .help = 去掉多余的嵌套（常见于从网页复制的内容），或者把这部分改用 Markdown 写
    .about = HTML 嵌套过深

attachment-unreadable = 无法读取附件：{ $error }
    .about = 无法读取的附件

attachment-replaces-page = 附件“{ $name }”会覆盖这份计划自己的网页
    .help = { -attachment-rename }
    .about = 与计划页面同名的附件

attachment-name-windows = 附件名“{ $name }”{ $why }：把网站复制到 Windows 共享文件夹时会丢失这个文件
    .help = { -attachment-rename }
    .about = Windows 无法保存的附件名

attachment-name-case = 附件“{ $other }”和“{ $name }”只有字母大小写不同：在 Windows 和 macOS 上它们是同一个文件，一个会覆盖另一个
    .help = { -attachment-rename }
    .about = 名称只差大小写的附件

-link-target-help = 请检查链接的目标；要附上文件，请把计划存为 <文件夹>/index.md，再把文件放在它旁边

-link-image-help = 把图片放在计划旁边，即 <文件夹>/index.md 所在的文件夹里，并检查图片文件名

link-did-you-mean = 是不是 `{ $meant }`？

-attachment-rename = 给文件改名；计划中指向它的链接也要改用新名字
