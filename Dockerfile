# Build stage: the same Maven build as the README's run command.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# Run stage: a JRE, an unprivileged user, and the data (database and key file) in a volume.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home afterglow \
    && mkdir -p /data && chown afterglow /data && chmod 700 /data
COPY --from=build /src/target/afterglow.jar /opt/afterglow/afterglow.jar
USER afterglow
ENV AFTERGLOW_DATA_DIR=/data
VOLUME ["/data"]
# Healthy while the bot's ticks keep finishing (see `afterglow health`); a console run never is.
HEALTHCHECK --interval=60s --timeout=30s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-jar", "/opt/afterglow/afterglow.jar", "health"]
ENTRYPOINT ["java", "-Xmx96m", "-jar", "/opt/afterglow/afterglow.jar"]
