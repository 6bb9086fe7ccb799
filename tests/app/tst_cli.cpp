// The command line, run as a user would: the real deepscope binary in a child process.
#include <QProcess>
#include <QTest>

class TestCli : public QObject {
    Q_OBJECT

    static QString run(const QStringList &args, int *exitCode)
    {
        QProcess p;
        p.start(DEEPSCOPE_BINARY, args);
        if (!p.waitForFinished(30000))
            return "timed out";
        *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }

private slots:
    void version()
    {
        int code = -1;
        const QString out = run({"--version"}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(QRegularExpression("^deepscope \\d+\\.\\d+\\.\\d+\\n$").match(out).hasMatch(), qPrintable(out));
    }

    void info()
    {
        int code = -1;
        const QString out = run({"info"}, &code);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("Qt 6."), qPrintable(out));
        QVERIFY2(out.contains("Eigen 3."), qPrintable(out));
        QVERIFY2(out.contains("cpu: available"), qPrintable(out));
        // The GPU line is either available or says why not, after a dash.
        QVERIFY2(QRegularExpression("cuda: (available|off — .{20,})").match(out).hasMatch(), qPrintable(out));
    }

    void unknownCommand()
    {
        int code = -1;
        const QString out = run({"trian"}, &code);
        QCOMPARE(code, 2);
        QVERIFY(out.contains("unknown command 'trian'"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
