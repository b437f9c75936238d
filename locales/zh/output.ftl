# 写出网站
# 每条消息以问题代码命名（`.` 换成 `-`）；.help 是提示行，.about 是计数时对这类问题的称呼。

# $why 说明是哪种情况；$out 是输出文件夹，$suggested 是建议使用的单独文件夹。
output-refused = { $why ->
        [contains-site] 输出文件夹 { $out } 包含了网站本身；请另用一个单独的文件夹，例如 { $suggested }
        [inside-folder] 输出文件夹 { $out } 是网站的 { $folder }/ 文件夹或在它里面；请另用一个单独的文件夹，例如 { $suggested }
        [contains-folder] 输出文件夹 { $out } 包含了网站的 { $folder }/ 文件夹（{ $path }）；请另用一个单独的文件夹，例如 { $suggested }
        [file] 输出文件夹 { $out } 是一个文件，不是文件夹；请另用一个单独的文件夹，例如 { $suggested }
       *[other] 输出文件夹 { $out } 里有不是 plansite 写入的文件（其中没有 { $home } 和 { $not_found }），生成网站会把它们删掉；请换一个新的或空的文件夹，或先清空这个文件夹
    }
    .about = 不可替换的输出文件夹

# $who 为 `known`（附 $pid、$command、$since）或 `unknown`。
output-locked = 另一次生成正在写入这个输出文件夹：{ $who ->
        [unknown] 另一个 plansite 进程（它还没有说明自己是谁）
       *[other] 进程 { $pid }（`{ $command }`），从 { $since } 开始
    }
    .help = 等它完成；或者去掉 --no-wait，让这次生成排队等候（锁文件是 { $lock }）
    .about = 另一次生成正在写入的输出文件夹

output-lock-failed = 无法给输出文件夹加锁（{ $lock }）：{ $error }
    .help = 没有写入任何内容；请检查输出文件夹所在文件夹的权限
    .about = 无法加锁的输出文件夹

# $why：`changed`、`space`、`permissions` 或 `other`，说明该检查什么。
output-write-failed = 无法写出网站：{ $error }
    .help = 原来的网站保持不变；{ $why ->
        [changed] 生成期间有别的程序改动了输出文件夹或它旁边的文件夹（另一个程序，或不加锁的旧版 plansite）；等它结束后再生成一次
        [space] 请检查磁盘剩余空间
        [permissions] 请检查输出文件夹及其所在文件夹的权限
       *[other] 请检查磁盘剩余空间和文件夹权限
    }
    .about = 未能写出的网站

output-kept-left = 上次保留的网站副本不能用，也删不掉：{ $error }
    .help = 手工删掉这个文件夹；下次生成时会再试
    .about = 无法沿用也删不掉的上次保留的网站副本

output-old-site-left = 新网站已经发布，但旧网站没能删除：{ $error }
    .help = 请手动删除这个文件夹；下次生成时也会再试一次
    .about = 未能删除的旧网站

preview-write-failed = 无法写出预览：{ $error }
    .about = 未能写出的预览

preview-internal-error = 重建预览时出现内部错误：{ $error }
    .help = 这是 plansite 的缺陷；请把最后保存的文件连同这条消息一起报告给维护者
    .about = 重建预览时的内部错误

# 谁持有输出文件夹的锁：$who 为 `known`（附 $pid、$command、$since）或 `unknown`。
output-holder = { $who ->
        [unknown] 另一个 plansite 进程（它还没有说明自己是谁）
       *[other] 进程 { $pid }（`{ $command }`），从 { $since } 开始
    }

# 等另一次生成完成时显示；$holder 是持有锁的进程（output-holder）。
build-waiting = 正在等另一次生成写完 { $out }：{ $holder }

# 输出文件夹是符号链接时，生成后显示。
output-link-note = { $out } 是符号链接：网站已发布到它指向的文件夹 { $folder }，链接本身保留

# 输出文件夹旁保留的上一版网站（下次生成时只改动变了的文件）
kept-note = 上次保留在 { $path } 的网站副本不能沿用，本次全部重写：{ $why }
kept-why-manifest = 记录它的清单不能用（{ $error }）
kept-why-undescribed = 没有清单记录它
kept-why-changed = { $path } 被改动过
kept-why-added = 多了 { $path }
kept-why-deleted = 有文件被删掉了
kept-why-not-a-folder = 它不是文件夹
kept-why-error = { $error }
