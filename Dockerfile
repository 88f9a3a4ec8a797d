# The supplygraph API image used by docker-compose.yml (Neo4j runs in its own container).
FROM python:3.11-slim
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["supplygraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
