# 正文中的链接、图片和附件
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

link-draft =
    .about = 指向草稿的链接

link-missing-plan =
    .about = 指向不存在的计划的链接

link-unpublished-plan =
    .about = 指向未发布计划的链接

link-root-absolute =
    .about = 从网站根路径写起的站内链接

link-missing-heading =
    .about = 指向计划中不存在的标题的链接

link-spaces =
    .about = 目标含空格、显示为文字的链接

link-missing-image =
    .about = 文件不存在的图片

link-missing-file =
    .about = 指向不存在文件的链接

link-unpublished-file =
    .about = 指向未发布文件的链接

markdown-too-deep =
    .about = 列表或引用嵌套过深

html-too-deep =
    .about = HTML 嵌套过深

attachment-unreadable =
    .about = 无法读取的附件

attachment-replaces-page =
    .about = 与计划页面同名的附件

attachment-name-windows =
    .about = Windows 无法保存的附件名

attachment-name-case =
    .about = 名称只差大小写的附件
