// A small HTTP/1.1 server on 127.0.0.1 for the download tests, so that no test reaches the
// internet: it serves byte arrays by path, honours "Range: bytes=N-" with a 206, and can misbehave
// on purpose: answer 404, stop half-way through a file (the first time only), or never answer.
// Bodies go out in small chunks on a timer, so that a download takes long enough to measure.
#pragma once

#include <QHash>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

class LocalHttpServer {
public:
    struct Route {
        QByteArray body;
        qint64 cutAfter = -1; // close the connection once the body has gone this far (the first time)
        bool silent = false; // read the request and never answer
        int chunk = 8192; // bytes per timer tick (every 2 ms)
    };

    LocalHttpServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    void close() { m_server.close(); }
    QString url(const QString &path) const { return QString("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path); }

    QHash<QString, Route> routes;
    QStringList log; // "GET /path", with " Range: bytes=N-" when asked

private:
    void serve(QTcpSocket *socket)
    {
        auto request = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
            request->append(socket->readAll());
            if (!request->contains("\r\n\r\n"))
                return;
            const QList<QByteArray> lines = request->split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            const QString path = QString::fromLatin1(first.value(1));
            QByteArray range;
            for (const QByteArray &line : lines)
                if (line.toLower().startsWith("range:"))
                    range = line.mid(6).trimmed();
            log << "GET " + path + (range.isEmpty() ? "" : " Range: " + QString::fromLatin1(range));
            request->clear();
            answer(socket, path, range);
        });
    }

    void answer(QTcpSocket *socket, const QString &path, const QByteArray &range)
    {
        if (!routes.contains(path)) {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
            socket->disconnectFromHost();
            return;
        }
        Route &route = routes[path];
        if (route.silent)
            return;
        const qint64 size = route.body.size();
        qint64 start = 0;
        if (range.startsWith("bytes="))
            start = range.mid(6, range.indexOf('-') - 6).toLongLong();
        QByteArray head;
        if (start > 0 && start < size)
            head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(start) + "-"
                + QByteArray::number(size - 1) + "/" + QByteArray::number(size) + "\r\n";
        else
            head = "HTTP/1.1 200 OK\r\n", start = 0;
        head += "Content-Length: " + QByteArray::number(size - start)
            + "\r\nAccept-Ranges: bytes\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
        socket->write(head);
        const qint64 cut = route.cutAfter;
        route.cutAfter = -1; // the next request gets the whole file
        auto *timer = new QTimer(socket);
        auto at = std::make_shared<qint64>(start);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, at, cut, body = route.body, chunk = route.chunk] {
            qint64 n = std::min<qint64>(chunk, body.size() - *at);
            if (cut >= 0)
                n = std::min(n, cut - *at);
            socket->write(body.mid(*at, n));
            *at += n;
            if (*at >= body.size() || (cut >= 0 && *at >= cut)) {
                timer->stop();
                if (cut >= 0 && *at >= cut) {
                    socket->flush();
                    socket->abort(); // mid-file: the client sees the connection drop
                } else {
                    socket->disconnectFromHost();
                }
            }
        });
        timer->start(2);
    }

    QTcpServer m_server;
};
