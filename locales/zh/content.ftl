# 读取 content 文件夹
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

content-missing = 没有 content 文件夹
    .help = 在网站文件夹里建一个 content/plans/ 文件夹，把计划放进去，每份计划一个 Markdown 文件
    .about = 没有 content 文件夹

content-stray-file = 这个文件不属于任何计划，不会发布
    .help = 要把它作为某份计划的附件，请把那份计划改成文件夹：计划存为 <文件夹>/index.md，再把这个文件放在它旁边
    .about = 不属于任何计划的文件

content-txt-suffix = 文件名以 .md.txt 结尾，不会发布（这份计划被存成了 `{ $name }`，不会当作计划读取）
    .help = 把它改名为 `{ $stem }`（记事本另存为时，保存类型选“所有文件”）
    .about = 存成了 `.md.txt` 的计划

content-autosave = 这是编辑器自动保存的 `{ $plan }` 副本，不会发布
    .help = 在编辑器里保存 `{ $plan }`，此文件会自动消失；否则可删除它
    .about = 编辑器自动保存或备份的计划文件

content-symlink = 这是一个符号链接{ $target-kind ->
        [known] ，指向 { $target }
       *[other] {""}
    }{ $place ->
        [outside] （位于网站文件夹以外）
       *[other] {""}
    }；符号链接不会被跟随，所以它不会发布
    .help = 把文件或文件夹复制到 content/ 里，不要用链接
    .about = content 文件夹中的符号链接

file-unreadable = { $kind ->
        [entry] 无法读取：{ $error }
       *[file] 无法读取这个文件：{ $error }
    }
    .about = 无法读取的文件

file-encoding-gbk = 这个文件不是 UTF-8 编码，看起来是按 GBK/GB18030（Windows 中文编码）保存的
    .help = { -convert-to-utf8 }
    .about = 存成 GBK/GB18030 编码的文件

file-encoding-utf16 = 这个文件是按 UTF-16 保存的，不是 UTF-8
    .help = { -convert-to-utf8 }
    .about = 存成 UTF-16 编码的文件

file-encoding-invalid = 这个文件不是有效的 UTF-8 文字
    .help = 把它重新另存为“UTF-8”编码；第一个出错的字节就在这一行
    .about = 不是有效 UTF-8 文本的文件

-convert-to-utf8 = 运行 `plansite fix-encoding` 把它转换成 UTF-8（原文件会以 .bak 文件保留在旁边），或者打开它，重新另存为“UTF-8”编码（记事本：另存为 → 编码 → UTF-8）

# 生成之间保留在 .plansite/ 里的解析缓存（下次生成只读取改动过的计划）
stored-note = { $path } 处的缓存不能沿用，本次重新读取其中的计划{ $more ->
        [0] {""}
       *[other] （另有 { $more } 个部分同样不能沿用）
    }：{ $why }
stored-why-damaged = 缓存已损坏（{ $error }）
stored-why-foreign = 它不是 plansite 的缓存
stored-why-other = 它是另一版本的 plansite 写的，或当时的 slug、原始 HTML 设置与现在不同
pages-note = { $path } 处记录的页面来源不能沿用，本次重新生成全部页面：{ $why }
pages-not-saved = 页面来源的记录未能写入 { $path }：{ $error }；下次生成会重新生成全部页面
stored-not-saved = 缓存未能写入 { $path }：{ $error }；下次生成会重新读取全部计划
